using GeoHub.Areas;
using GeoHub.Committees;
using GeoHub.Compounds;
using GeoHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace GeoHub.Venues;

/// <summary>Where an office room came from (the seed's four channels).</summary>
public enum OfficeSpaceSource
{
    /// <summary>驻区单位腾出: spare rooms of resident units.</summary>
    ResidentUnit,

    /// <summary>物业用房: property-management rooms.</summary>
    PropertyRoom,

    /// <summary>闲置公房: idle public housing.</summary>
    IdlePublicHousing,

    /// <summary>开发商移交: handed over by the developer.</summary>
    DeveloperHandover,
}

/// <summary>Office space (办公用房) found for compound organisations; vacant until assigned.</summary>
public sealed class OfficeSpace
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Address { get; set; }

    /// <summary>The community the room lies in.</summary>
    public int AreaId { get; set; }
    public Area? Area { get; set; }
    public required Point Location { get; set; }
    public decimal FloorAreaSqm { get; set; }
    public OfficeSpaceSource Source { get; set; }
    public DateOnly AddedOn { get; set; }
    public DateOnly? AssignedOn { get; set; }

    /// <summary>The day assigned space was given up: vacant from then on (the assignment stays on record).</summary>
    public DateOnly? ReleasedOn { get; set; }
    public int? AssignedOrganizationId { get; set; }
    public PartyOrganization? AssignedOrganization { get; set; }
    public int? AssignedCommitteeId { get; set; }
    public OwnersCommittee? AssignedCommittee { get; set; }
    public int? AssignedPropertyCompanyId { get; set; }
    public PropertyCompany? AssignedPropertyCompany { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
}

internal sealed class OfficeSpaceConfiguration : IEntityTypeConfiguration<OfficeSpace>
{
    public void Configure(EntityTypeBuilder<OfficeSpace> space)
    {
        space.Property(o => o.Source).HasConversion<string>().HasMaxLength(24);
        space.Property(o => o.Location).HasColumnType("geography(Point,4326)");
        space.HasIndex(o => o.Location).HasMethod("gist");
        space.Property(o => o.FloorAreaSqm).HasPrecision(10, 1);
        space.HasIndex(o => new { o.AreaId, o.AddedOn });
        space.HasOne(o => o.Area).WithMany().HasForeignKey(o => o.AreaId).OnDelete(DeleteBehavior.Restrict);
        space.HasOne(o => o.AssignedOrganization).WithMany().HasForeignKey(o => o.AssignedOrganizationId).OnDelete(DeleteBehavior.SetNull);
        space.HasOne(o => o.AssignedCommittee).WithMany().HasForeignKey(o => o.AssignedCommitteeId).OnDelete(DeleteBehavior.SetNull);
        space.HasOne(o => o.AssignedPropertyCompany).WithMany().HasForeignKey(o => o.AssignedPropertyCompanyId).OnDelete(DeleteBehavior.SetNull);
        space.ToTable(t => t.HasCheckConstraint("ck_office_spaces_assigned",
            "(assigned_on IS NULL) = (assigned_organization_id IS NULL AND assigned_committee_id IS NULL AND assigned_property_company_id IS NULL)"));
        space.ToTable(t => t.HasCheckConstraint("ck_office_spaces_released", "released_on IS NULL OR (assigned_on IS NOT NULL AND released_on > assigned_on)"));
    }
}
