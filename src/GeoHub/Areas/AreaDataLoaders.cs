using GeoHub.Data;
using GeoHub.GraphQL;

namespace GeoHub.Areas;

/// <summary>The areas one level down of each area, by code.</summary>
public sealed record ChildAreasByParentId : ManyBy<Area>
{
    protected override IQueryable<Area> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Areas.Where(a => a.ParentId != null && keys.Contains(a.ParentId.Value)).OrderBy(a => a.Code);

    protected override int KeyOf(Area row) => row.ParentId!.Value;
}
