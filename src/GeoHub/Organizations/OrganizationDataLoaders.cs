using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Organizations;

/// <summary>The compounds each organisation covers on <see cref="Day"/> (links with their compound), by compound id.</summary>
public sealed record CoveredCompoundsByOrganizationId(DateOnly Day) : ManyBy<OrganizationCompound>
{
    protected override IQueryable<OrganizationCompound> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.OrganizationCompounds.Where(CompoundCoverage.InForceOn(Day)).Where(l => keys.Contains(l.OrganizationId))
            .Include(l => l.Compound).OrderBy(l => l.CompoundId);

    protected override int KeyOf(OrganizationCompound row) => row.OrganizationId;
}

/// <summary>The 三会一课 each organisation held in <see cref="Year"/>, by day.</summary>
public sealed record MeetingsByOrganizationId(int Year) : ManyBy<Meeting>
{
    protected override IQueryable<Meeting> Rows(GeoHubDb db, IReadOnlyCollection<int> keys)
    {
        var (first, last) = (new DateOnly(Year, 1, 1), new DateOnly(Year, 12, 31));
        return db.Meetings.Where(m => keys.Contains(m.OrganizationId) && m.HeldOn >= first && m.HeldOn <= last)
            .OrderBy(m => m.HeldOn).ThenBy(m => m.Id);
    }

    protected override int KeyOf(Meeting row) => row.OrganizationId;
}

/// <summary>The party groups of each organisation, by id.</summary>
public sealed record PartyGroupsByOrganizationId : ManyBy<PartyGroup>
{
    protected override IQueryable<PartyGroup> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.PartyGroups.Where(g => keys.Contains(g.OrganizationId)).OrderBy(g => g.Id);

    protected override int KeyOf(PartyGroup row) => row.OrganizationId;
}

/// <summary>The party groups of each building, by id.</summary>
public sealed record PartyGroupsByBuildingId : ManyBy<PartyGroup>
{
    protected override IQueryable<PartyGroup> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.PartyGroups.Where(g => g.BuildingId != null && keys.Contains(g.BuildingId.Value)).OrderBy(g => g.Id);

    protected override int KeyOf(PartyGroup row) => row.BuildingId!.Value;
}

/// <summary>Every role each member has held, by start day.</summary>
public sealed record RolesByMemberId : ManyBy<PartyRole>
{
    protected override IQueryable<PartyRole> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.PartyRoles.Where(r => keys.Contains(r.MemberId)).OrderBy(r => r.From).ThenBy(r => r.Id);

    protected override int KeyOf(PartyRole row) => row.MemberId;
}
