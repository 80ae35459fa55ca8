using GeoHub.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace GeoHub.Compounds;

/// <summary>A residential compound (小区), the unit the battle map colours.</summary>
public sealed class Compound
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int CommunityId { get; set; }
    public Area? Community { get; set; }
    public int Households { get; set; }
    public string? Address { get; set; }
    public int? BuiltYear { get; set; }
    public required MultiPolygon Boundary { get; set; }
    public int? PropertyCompanyId { get; set; }
    public PropertyCompany? PropertyCompany { get; set; }
    public List<Building> Buildings { get; } = [];
}

internal sealed class CompoundConfiguration : IEntityTypeConfiguration<Compound>
{
    public void Configure(EntityTypeBuilder<Compound> compound)
    {
        compound.HasIndex(c => c.Code).IsUnique();
        compound.HasIndex(c => c.Name);
        compound.Property(c => c.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        compound.HasIndex(c => c.Boundary).HasMethod("gist");
        compound.HasOne(c => c.Community).WithMany().HasForeignKey(c => c.CommunityId).OnDelete(DeleteBehavior.Restrict);
        compound.HasOne(c => c.PropertyCompany).WithMany().HasForeignKey(c => c.PropertyCompanyId).OnDelete(DeleteBehavior.SetNull);
        compound.ToTable(t => t.HasCheckConstraint("ck_compounds_households", "households >= 0"));
    }
}
