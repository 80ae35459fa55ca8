using GeoHub.Areas;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.CoBuilding;

public static class CoBuildingQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<CoBuildingUnitType, CoBuildingUnit>>>("coBuildingUnits")
            .Description("Co-building units, optionally in an area and near a point, by id.")
            .Argument<StringGraphType>("areaCode")
            .Argument<NearFilterType>("near", "Within the distance of a point (metres on the WGS 84 spheroid, inclusive).")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var path = context.GetArgument<string?>("areaCode") is { } code ? await AreaQueries.PathOfAsync(context, code) : null;
                var near = SpatialArguments.Near(context.GetArgument<NearFilter?>("near"), "near");
                return await context.PageAsync(
                    db =>
                    {
                        IQueryable<CoBuildingUnit> units = db.CoBuildingUnits;
                        units = path is null ? units : units.Where(u => u.Area!.Path == path || u.Area.Path.StartsWith(path + "/"));
                        // IsWithinDistance on a geography column is ST_DWithin on the spheroid, using the GiST index.
                        return near is (var point, var meters) ? units.Where(u => u.Location.IsWithinDistance(point, meters)) : units;
                    },
                    [], u => u.Id);
            });
    }
}
