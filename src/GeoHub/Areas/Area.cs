using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace GeoHub.Areas;

public enum AreaLevel
{
    City,
    District,
    Street,
    Community,
}

/// <summary>An administrative area (行政区域) with its GB/T 2260-style code.</summary>
public sealed class Area
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public AreaLevel Level { get; set; }
    public int? ParentId { get; set; }
    public Area? Parent { get; set; }
    public List<Area> Children { get; } = [];

    /// <summary>
    /// Codes of the area and its ancestors joined by '/', root first (e.g. "350800/350802/350802001000").
    /// Descendants of an area are the rows whose path starts with its path: one index range scan,
    /// no recursive query.
    /// </summary>
    public required string Path { get; set; }

    public MultiPolygon? Boundary { get; set; }
}

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> area)
    {
        area.HasIndex(a => a.Code).IsUnique();
        area.HasIndex(a => a.Path).HasOperators("text_pattern_ops");
        area.Property(a => a.Level).HasConversion<string>().HasMaxLength(16);
        area.Property(a => a.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        area.HasIndex(a => a.Boundary).HasMethod("gist");
        area.HasOne(a => a.Parent).WithMany(a => a.Children).HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
