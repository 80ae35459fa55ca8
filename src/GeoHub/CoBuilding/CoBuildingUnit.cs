using GeoHub.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace GeoHub.CoBuilding;

public enum UnitKind
{
    GovernmentOrgan,
    Enterprise,
    PublicInstitution,
    SocialOrganization,
}

/// <summary>An organisation that co-builds with compounds (共建单位).</summary>
public sealed class CoBuildingUnit
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public UnitKind Kind { get; set; }

    /// <summary>The district (or street) the unit stands in.</summary>
    public int AreaId { get; set; }
    public Area? Area { get; set; }
    public string? Address { get; set; }

    /// <summary>Stored as geography so that KNN (&lt;-&gt;) orders by metres, not degrees.</summary>
    public required Point Location { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
}

internal sealed class CoBuildingUnitConfiguration : IEntityTypeConfiguration<CoBuildingUnit>
{
    public void Configure(EntityTypeBuilder<CoBuildingUnit> unit)
    {
        unit.Property(u => u.Kind).HasConversion<string>().HasMaxLength(24);
        unit.Property(u => u.Location).HasColumnType("geography(Point,4326)");
        unit.HasIndex(u => u.Location).HasMethod("gist");
        unit.HasIndex(u => u.Name).IsUnique();
        unit.HasOne(u => u.Area).WithMany().HasForeignKey(u => u.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}
