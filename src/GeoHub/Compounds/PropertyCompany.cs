using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeoHub.Compounds;

/// <summary>A property-management company (物业公司), hired and overseen by an owners' committee.</summary>
public sealed class PropertyCompany
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Unified social credit code (统一社会信用代码).</summary>
    public string? CreditCode { get; set; }
}

internal sealed class PropertyCompanyConfiguration : IEntityTypeConfiguration<PropertyCompany>
{
    public void Configure(EntityTypeBuilder<PropertyCompany> company) =>
        company.HasIndex(p => p.Name).IsUnique();
}
