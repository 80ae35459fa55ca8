using GeoHub.Data;
using GeoHub.GraphQL;

namespace GeoHub.Compounds;

/// <summary>The buildings of each compound, by id.</summary>
public sealed record BuildingsByCompoundId : ManyBy<Building>
{
    protected override IQueryable<Building> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Buildings.Where(b => keys.Contains(b.CompoundId)).OrderBy(b => b.Id);

    protected override int KeyOf(Building row) => row.CompoundId;
}

/// <summary>The stairwells of each building, by name.</summary>
public sealed record StairwellsByBuildingId : ManyBy<Stairwell>
{
    protected override IQueryable<Stairwell> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Stairwells.Where(s => keys.Contains(s.BuildingId)).OrderBy(s => s.Name);

    protected override int KeyOf(Stairwell row) => row.BuildingId;
}
