using GeoHub.Data;
using GeoHub.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Committees;

/// <summary>The owners' committee of each compound (at most one: the compound id is unique).</summary>
public sealed record CommitteesByCompoundId : ManyBy<OwnersCommittee>
{
    protected override IQueryable<OwnersCommittee> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.OwnersCommittees.Where(c => keys.Contains(c.CompoundId));

    protected override int KeyOf(OwnersCommittee row) => row.CompoundId;
}

/// <summary>Every seat of each committee, held or not on any day: the fields pick by day.</summary>
public sealed record SeatsByCommitteeId : ManyBy<CommitteeSeat>
{
    protected override IQueryable<CommitteeSeat> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.CommitteeSeats.Where(s => keys.Contains(s.CommitteeId));

    protected override int KeyOf(CommitteeSeat row) => row.CommitteeId;
}

/// <summary>
/// Every seat of each committee, including those the caller may not see (the access filters are
/// left out): only for aggregates that name nobody, such as whether a committee is red.
/// </summary>
public sealed record AllSeatsByCommitteeId : ManyBy<CommitteeSeat>
{
    protected override IQueryable<CommitteeSeat> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.CommitteeSeats.IgnoreQueryFilters().Where(s => keys.Contains(s.CommitteeId));

    protected override int KeyOf(CommitteeSeat row) => row.CommitteeId;
}
