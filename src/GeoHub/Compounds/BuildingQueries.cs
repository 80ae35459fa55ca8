using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Compounds;

public sealed class BuildingFilter
{
    public string? AreaCode { get; set; }
    public string? CompoundId { get; set; }
}

public sealed class BuildingFilterType : InputObjectGraphType<BuildingFilter>
{
    public BuildingFilterType()
    {
        Name = "BuildingFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only buildings of compounds in this area (any level).");
        Field(f => f.CompoundId, type: typeof(IdGraphType)).Description("Only buildings of this compound.");
    }
}

public static class BuildingQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<BuildingType, Building>>>("buildings").Public()
            .Description("Buildings matching a filter, by id.")
            .Argument<BuildingFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<BuildingFilter?>("where");
                var compoundId = filter?.CompoundId is { } id ? GlobalId.Decode(id, "Compound") : (int?)null;
                var paths = await AreaQueries.PathsOfAsync(context, filter?.AreaCode);
                return await context.PageAsync(
                    db =>
                    {
                        var buildings = db.Buildings.InAreas(paths, b => b.Compound!.Community);
                        return compoundId is { } compound ? buildings.Where(b => b.CompoundId == compound) : buildings;
                    },
                    [], b => b.Id);
            });
    }
}
