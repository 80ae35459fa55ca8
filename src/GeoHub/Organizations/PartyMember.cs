using GeoHub.Compounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeoHub.Organizations;

public enum MemberCategory
{
    /// <summary>社区在册: registered with the community party organisation.</summary>
    CommunityRegistered,

    /// <summary>在职: works elsewhere and reports back to the compound where they live.</summary>
    InService,
    Retired,
    RuralMigrant,
    NewSector,
    Floating,
}

public enum CadreRank
{
    Department,
    Division,
    Section,
}

/// <summary>A resident party member (居民党员). Name and phone are personal data.</summary>
public sealed class PartyMember
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public MemberCategory Category { get; set; }
    public CadreRank? CadreRank { get; set; }

    /// <summary>Where an in-service member works (their home organisation).</summary>
    public string? WorkUnit { get; set; }
    public int CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public int? BuildingId { get; set; }
    public Building? Building { get; set; }

    /// <summary>The day an in-service member reported back to the compound (回小区报到).</summary>
    public DateOnly? ReportedOn { get; set; }

    /// <summary>The day the member was registered here; null for members present since before the records began.</summary>
    public DateOnly? RegisteredOn { get; set; }

    /// <summary>
    /// The first day the member no longer lives here (moved or left). A move ends this row and
    /// starts one at the new compound, so every earlier day keeps the member where they lived.
    /// </summary>
    public DateOnly? LeftOn { get; set; }

    /// <summary>The row this one continues after a move.</summary>
    public int? MovedFromId { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
    public List<PartyRole> Roles { get; } = [];
}

public enum RoleKind
{
    Secretary,
    FirstSecretary,
    DeputySecretary,
    CommitteeMember,
    GroupLeader,
    BuildingLeader,
}

/// <summary>A role a member holds in a compound organisation or party group, over a period.</summary>
public sealed class PartyRole
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    public PartyMember? Member { get; set; }
    public RoleKind Kind { get; set; }
    public int OrganizationId { get; set; }
    public PartyOrganization? Organization { get; set; }
    public int? PartyGroupId { get; set; }
    public PartyGroup? PartyGroup { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
}

internal sealed class PartyMemberConfiguration : IEntityTypeConfiguration<PartyMember>
{
    public void Configure(EntityTypeBuilder<PartyMember> member)
    {
        member.Property(m => m.Category).HasConversion<string>().HasMaxLength(24);
        member.Property(m => m.CadreRank).HasConversion<string>().HasMaxLength(16);
        member.HasIndex(m => m.CompoundId);
        member.HasIndex(m => new { m.Category, m.ReportedOn });
        member.HasOne(m => m.Compound).WithMany().HasForeignKey(m => m.CompoundId).OnDelete(DeleteBehavior.Restrict);
        member.HasOne(m => m.Building).WithMany().HasForeignKey(m => m.BuildingId).OnDelete(DeleteBehavior.SetNull);
        member.HasOne<PartyMember>().WithMany().HasForeignKey(m => m.MovedFromId).OnDelete(DeleteBehavior.Restrict);
        member.ToTable(t => t.HasCheckConstraint("ck_party_members_dates", "left_on IS NULL OR registered_on IS NULL OR left_on > registered_on"));
    }
}

internal sealed class PartyRoleConfiguration : IEntityTypeConfiguration<PartyRole>
{
    public void Configure(EntityTypeBuilder<PartyRole> role)
    {
        role.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
        role.HasIndex(r => r.MemberId);
        role.HasIndex(r => r.OrganizationId);
        role.HasOne(r => r.Member).WithMany(m => m.Roles).HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        role.HasOne(r => r.Organization).WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        role.HasOne(r => r.PartyGroup).WithMany().HasForeignKey(r => r.PartyGroupId).OnDelete(DeleteBehavior.SetNull);
        role.ToTable(t => t.HasCheckConstraint("ck_party_roles_dates", "until IS NULL OR until > \"from\""));
    }
}
