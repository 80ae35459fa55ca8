using GeoHub.Areas;
using GeoHub.Compounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace GeoHub.Venues;

public enum VenueLevel
{
    Street,
    Community,
    Compound,
}

/// <summary>An activity venue or party-mass service centre (活动阵地 / 党群服务中心).</summary>
public sealed class Venue
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public VenueLevel Level { get; set; }

    /// <summary>The street or community the venue serves (its compound's community for COMPOUND level).</summary>
    public int AreaId { get; set; }
    public Area? Area { get; set; }
    public int? CompoundId { get; set; }
    public Compound? Compound { get; set; }

    /// <summary>Stored as geography so that KNN (&lt;-&gt;) orders by metres, not degrees.</summary>
    public required Point Location { get; set; }
    public decimal FloorAreaSqm { get; set; }
    public int Capacity { get; set; }
    public string? OpeningHours { get; set; }
    public DateOnly OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
}

internal sealed class VenueConfiguration : IEntityTypeConfiguration<Venue>
{
    public void Configure(EntityTypeBuilder<Venue> venue)
    {
        venue.Property(v => v.Level).HasConversion<string>().HasMaxLength(16);
        venue.Property(v => v.Location).HasColumnType("geography(Point,4326)");
        venue.HasIndex(v => v.Location).HasMethod("gist");
        venue.Property(v => v.FloorAreaSqm).HasPrecision(10, 1);
        venue.HasIndex(v => v.AreaId);
        venue.HasOne(v => v.Area).WithMany().HasForeignKey(v => v.AreaId).OnDelete(DeleteBehavior.Restrict);
        venue.HasOne(v => v.Compound).WithMany().HasForeignKey(v => v.CompoundId).OnDelete(DeleteBehavior.SetNull);
    }
}
