using System.Text.Json;
using GeoHub.Access;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Areas;

public sealed class AreaFilter
{
    public StringFilter? Code { get; set; }
    public StringFilter? Name { get; set; }
    public AreaLevel? Level { get; set; }
    public string? Within { get; set; }
    public JsonElement? WithinGeometry { get; set; }
    public JsonElement? Intersects { get; set; }
}

public sealed class AreaFilterType : InputObjectGraphType<AreaFilter>
{
    public AreaFilterType()
    {
        Name = "AreaFilter";
        Field(f => f.Code, type: typeof(StringFilterType));
        Field(f => f.Name, type: typeof(StringFilterType));
        Field(f => f.Level, type: typeof(AreaLevelType));
        Field(f => f.Within, nullable: true).Description("Only areas under (or equal to) the area with this code.");
        // `within` already takes an area code, so the geometric form has its own name.
        Field(f => f.WithinGeometry, type: typeof(GeoJsonScalar)).Description("Only areas lying within this GeoJSON Polygon or MultiPolygon (ST_CoveredBy).");
        Field(f => f.Intersects, type: typeof(GeoJsonScalar)).Description("Only areas sharing at least a point with this GeoJSON geometry (ST_Intersects).");
    }
}

public static class AreaQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<AreaType>("area").Public()
            .Description("The area with this code, or null.")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveAsync(async context =>
            {
                await using var db = await context.CreateDbAsync();
                var code = context.GetArgument<string>("code");
                return await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, context.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<AreaType, Area>>>("areas").Public()
            .Description("Areas by code.")
            .Argument<AreaFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<AreaFilter?>("where");
                var path = filter?.Within is { } within ? await PathOfAsync(context, within) : null;
                var spatial = SpatialFilter.From(filter?.WithinGeometry, filter?.Intersects, near: null);
                return await context.PageAsync(db => Spatial(Filter(db.Areas, filter, path), spatial), [SortKey.Of<Area, string>("code", a => a.Code)], a => a.Id);
            });
    }

    private static IQueryable<Area> Filter(IQueryable<Area> areas, AreaFilter? filter, string? path)
    {
        if (filter is null)
        {
            return areas;
        }

        areas = areas.Match(filter.Code, a => a.Code).Match(filter.Name, a => a.Name);
        if (filter.Level is { } level)
        {
            areas = areas.Where(a => a.Level == level);
        }

        return areas.InAreas(path is null ? [] : [path], a => a);
    }

    /// <summary>ST_CoveredBy / ST_Intersects on the boundary; areas without a boundary match neither.</summary>
    private static IQueryable<Area> Spatial(IQueryable<Area> areas, SpatialFilter spatial)
    {
        if (spatial.Within is { } within)
        {
            areas = areas.Where(a => a.Boundary != null && a.Boundary.CoveredBy(within));
        }

        if (spatial.Intersects is { } intersects)
        {
            areas = areas.Where(a => a.Boundary != null && a.Boundary.Intersects(intersects));
        }

        return areas;
    }

    /// <summary>The path of the area with this code; an unknown code is a NOT_FOUND error, not an empty answer.</summary>
    // Most operations start by looking an area up by code; compiled once, these skip EF's
    // per-call expression-tree work, which cost more than the one-row query itself.
    private static readonly Func<GeoHubDb, string, CancellationToken, Task<string?>> PathByCode =
        EF.CompileAsyncQuery((GeoHubDb db, string code, CancellationToken _) => db.Areas.Where(a => a.Code == code).Select(a => a.Path).FirstOrDefault());

    private static readonly Func<GeoHubDb, string, CancellationToken, Task<Area?>> AreaByCode =
        EF.CompileAsyncQuery((GeoHubDb db, string code, CancellationToken _) => db.Areas.AsNoTracking().FirstOrDefault(a => a.Code == code));

    public static async Task<string> PathOfAsync(IResolveFieldContext context, string code)
    {
        await using var db = await context.CreateDbAsync();
        return await PathByCode(db, code, context.CancellationToken)
            ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
    }

    /// <summary>The path of the area with this code, or null when there is none.</summary>
    public static async Task<string?> FindPathAsync(IResolveFieldContext context, string code)
    {
        await using var db = await context.CreateDbAsync();
        return await PathByCode(db, code, context.CancellationToken);
    }

    public static async Task<Area> RequireAsync(IResolveFieldContext context, string code)
    {
        await using var db = await context.CreateDbAsync();
        return await AreaByCode(db, code, context.CancellationToken)
            ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
    }

    /// <summary>The paths of the area codes given, nulls skipped; an unknown code is a NOT_FOUND error.</summary>
    public static async Task<List<string>> PathsOfAsync(IResolveFieldContext context, params string?[] codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        List<string> paths = [];
        foreach (var code in codes.OfType<string>())
        {
            paths.Add(await PathOfAsync(context, code));
        }

        return paths;
    }
}
