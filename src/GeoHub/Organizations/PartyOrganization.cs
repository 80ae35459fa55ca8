using GeoHub.Areas;
using GeoHub.Compounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeoHub.Organizations;

public enum OrganizationKind
{
    Branch,
    GeneralBranch,
    Committee,
}

/// <summary>STANDALONE serves one compound; JOINT (联合组建) serves several neighbouring ones.</summary>
public enum Formation
{
    Standalone,
    Joint,
}

/// <summary>A compound's "兼合式" party organisation.</summary>
public sealed class PartyOrganization
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrganizationKind Kind { get; set; }
    public Formation Formation { get; set; }

    /// <summary>The community party organisation it reports to; area rollups count it there.</summary>
    public int CommunityId { get; set; }
    public Area? Community { get; set; }
    public DateOnly FormedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }
    public decimal StartupFundingYuan { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
    public List<OrganizationCompound> Compounds { get; } = [];
    public List<PartyGroup> PartyGroups { get; } = [];
}

/// <summary>
/// Which compounds an organisation serves, and from when: a compound can move from a joint to a
/// standalone organisation, so coverage as of a date reads these dates, not the organisation's.
/// </summary>
public sealed class OrganizationCompound
{
    public int OrganizationId { get; set; }
    public PartyOrganization? Organization { get; set; }
    public int CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public DateOnly CoveredFrom { get; set; }
    public DateOnly? CoveredUntil { get; set; }
}

/// <summary>A building (stairwell) party group (楼栋(梯)党小组).</summary>
public sealed class PartyGroup
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public PartyOrganization? Organization { get; set; }
    public int? BuildingId { get; set; }
    public Building? Building { get; set; }
    public required string Name { get; set; }
    public DateOnly FormedOn { get; set; }
}

internal sealed class PartyOrganizationConfiguration : IEntityTypeConfiguration<PartyOrganization>
{
    public void Configure(EntityTypeBuilder<PartyOrganization> organization)
    {
        organization.HasIndex(o => o.Code).IsUnique();
        organization.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        organization.Property(o => o.Formation).HasConversion<string>().HasMaxLength(16);
        organization.Property(o => o.StartupFundingYuan).HasPrecision(12, 2);
        organization.HasOne(o => o.Community).WithMany().HasForeignKey(o => o.CommunityId).OnDelete(DeleteBehavior.Restrict);
        organization.ToTable(t => t.HasCheckConstraint("ck_party_organizations_dates", "dissolved_on IS NULL OR dissolved_on >= formed_on"));
    }
}

internal sealed class OrganizationCompoundConfiguration : IEntityTypeConfiguration<OrganizationCompound>
{
    public void Configure(EntityTypeBuilder<OrganizationCompound> link)
    {
        link.HasKey(l => new { l.OrganizationId, l.CompoundId, l.CoveredFrom });
        link.HasIndex(l => l.CompoundId);
        link.HasOne(l => l.Organization).WithMany(o => o.Compounds).HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        link.HasOne(l => l.Compound).WithMany().HasForeignKey(l => l.CompoundId).OnDelete(DeleteBehavior.Cascade);
        link.ToTable(t => t.HasCheckConstraint("ck_organization_compounds_dates", "covered_until IS NULL OR covered_until > covered_from"));
    }
}

internal sealed class PartyGroupConfiguration : IEntityTypeConfiguration<PartyGroup>
{
    public void Configure(EntityTypeBuilder<PartyGroup> group)
    {
        group.HasIndex(g => g.BuildingId);
        group.HasOne(g => g.Organization).WithMany(o => o.PartyGroups).HasForeignKey(g => g.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        group.HasOne(g => g.Building).WithMany().HasForeignKey(g => g.BuildingId).OnDelete(DeleteBehavior.SetNull);
    }
}
