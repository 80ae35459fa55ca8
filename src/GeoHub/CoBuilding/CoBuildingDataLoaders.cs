using GeoHub.Data;
using GeoHub.GraphQL;

namespace GeoHub.CoBuilding;

/// <summary>The agreements with each compound, by signing day.</summary>
public sealed record AgreementsByCompoundId : ManyBy<Agreement>
{
    protected override IQueryable<Agreement> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Agreements.Where(a => a.CompoundId != null && keys.Contains(a.CompoundId.Value)).OrderBy(a => a.SignedOn).ThenBy(a => a.Id);

    protected override int KeyOf(Agreement row) => row.CompoundId!.Value;
}

/// <summary>The agreements of each unit, by signing day.</summary>
public sealed record AgreementsByUnitId : ManyBy<Agreement>
{
    protected override IQueryable<Agreement> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Agreements.Where(a => keys.Contains(a.UnitId)).OrderBy(a => a.SignedOn).ThenBy(a => a.Id);

    protected override int KeyOf(Agreement row) => row.UnitId;
}

/// <summary>The projects of each unit, by launch day.</summary>
public sealed record ProjectsByUnitId : ManyBy<Project>
{
    protected override IQueryable<Project> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Projects.Where(p => keys.Contains(p.UnitId)).OrderBy(p => p.LaunchedOn).ThenBy(p => p.Id);

    protected override int KeyOf(Project row) => row.UnitId;
}

/// <summary>The activities of each unit, by day held.</summary>
public sealed record ActivitiesByUnitId : ManyBy<Activity>
{
    protected override IQueryable<Activity> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Activities.Where(a => keys.Contains(a.UnitId)).OrderBy(a => a.HeldOn).ThenBy(a => a.Id);

    protected override int KeyOf(Activity row) => row.UnitId;
}
