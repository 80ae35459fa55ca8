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
            .Description("Co-building units, optionally in an area, by id.")
            .Argument<StringGraphType>("areaCode")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var path = context.GetArgument<string?>("areaCode") is { } code ? await AreaQueries.PathOfAsync(context, code) : null;
                return await context.PageAsync(
                    db => path is null ? db.CoBuildingUnits : db.CoBuildingUnits.Where(u => u.Area!.Path == path || u.Area.Path.StartsWith(path + "/")),
                    [], u => u.Id);
            });
    }
}
