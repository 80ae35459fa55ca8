using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace GeoHub.Compounds;

/// <summary>A building (楼栋) of a compound; its stairwells (梯/单元) hold the households.</summary>
public sealed class Building
{
    public int Id { get; set; }
    public int CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public required string Name { get; set; }
    public int Floors { get; set; }
    public Point? Location { get; set; }
    public List<Stairwell> Stairwells { get; } = [];
}

public sealed class Stairwell
{
    public int Id { get; set; }
    public int BuildingId { get; set; }
    public Building? Building { get; set; }
    public required string Name { get; set; }
    public int Households { get; set; }
}

internal sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> building)
    {
        building.HasIndex(b => new { b.CompoundId, b.Name }).IsUnique();
        building.Property(b => b.Location).HasColumnType("geometry(Point,4326)");
        building.HasIndex(b => b.Location).HasMethod("gist");
        building.HasOne(b => b.Compound).WithMany(c => c.Buildings).HasForeignKey(b => b.CompoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StairwellConfiguration : IEntityTypeConfiguration<Stairwell>
{
    public void Configure(EntityTypeBuilder<Stairwell> stairwell)
    {
        stairwell.HasIndex(s => new { s.BuildingId, s.Name }).IsUnique();
        stairwell.HasOne(s => s.Building).WithMany(b => b.Stairwells).HasForeignKey(s => s.BuildingId).OnDelete(DeleteBehavior.Cascade);
        stairwell.ToTable(t => t.HasCheckConstraint("ck_stairwells_households", "households >= 0"));
    }
}
