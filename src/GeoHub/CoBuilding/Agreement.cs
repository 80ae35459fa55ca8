using GeoHub.Areas;
using GeoHub.Compounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeoHub.CoBuilding;

/// <summary>
/// A co-building agreement (共建协议) between a unit and a community, or one of its compounds.
/// The community is always set so that area rollups need no join through the compound.
/// </summary>
public sealed class Agreement
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public CoBuildingUnit? Unit { get; set; }
    public int CommunityId { get; set; }
    public Area? Community { get; set; }
    public int? CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public required string Title { get; set; }
    public DateOnly SignedOn { get; set; }
    public DateOnly? EndedOn { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
}

/// <summary>A co-building project (共建项目), launched and perhaps completed.</summary>
public sealed class Project
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public CoBuildingUnit? Unit { get; set; }
    public int? AgreementId { get; set; }
    public Agreement? Agreement { get; set; }
    public int CommunityId { get; set; }
    public Area? Community { get; set; }
    public int? CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public required string Name { get; set; }
    public DateOnly LaunchedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public decimal? BudgetYuan { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
}

/// <summary>A collective activity (集体活动) a unit's party organisation held in a community or compound.</summary>
public sealed class Activity
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public CoBuildingUnit? Unit { get; set; }
    public int CommunityId { get; set; }
    public Area? Community { get; set; }
    public int? CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public required string Title { get; set; }
    public DateOnly HeldOn { get; set; }
    public int Participants { get; set; }
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> agreement)
    {
        agreement.HasIndex(a => new { a.UnitId, a.CompoundId });
        agreement.HasIndex(a => new { a.CommunityId, a.SignedOn });
        agreement.HasOne(a => a.Unit).WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
        agreement.HasOne(a => a.Community).WithMany().HasForeignKey(a => a.CommunityId).OnDelete(DeleteBehavior.Restrict);
        agreement.HasOne(a => a.Compound).WithMany().HasForeignKey(a => a.CompoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> project)
    {
        project.HasIndex(p => new { p.CommunityId, p.LaunchedOn });
        project.Property(p => p.BudgetYuan).HasPrecision(12, 2);
        project.HasOne(p => p.Unit).WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Cascade);
        project.HasOne(p => p.Agreement).WithMany().HasForeignKey(p => p.AgreementId).OnDelete(DeleteBehavior.SetNull);
        project.HasOne(p => p.Community).WithMany().HasForeignKey(p => p.CommunityId).OnDelete(DeleteBehavior.Restrict);
        project.HasOne(p => p.Compound).WithMany().HasForeignKey(p => p.CompoundId).OnDelete(DeleteBehavior.Cascade);
        project.ToTable(t => t.HasCheckConstraint("ck_projects_dates", "completed_on IS NULL OR completed_on >= launched_on"));
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> activity)
    {
        activity.HasIndex(a => new { a.CommunityId, a.HeldOn });
        activity.HasOne(a => a.Unit).WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
        activity.HasOne(a => a.Community).WithMany().HasForeignKey(a => a.CommunityId).OnDelete(DeleteBehavior.Restrict);
        activity.HasOne(a => a.Compound).WithMany().HasForeignKey(a => a.CompoundId).OnDelete(DeleteBehavior.Cascade);
    }
}
