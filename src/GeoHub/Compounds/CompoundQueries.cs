using System.Text.Json;
using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.CoBuilding;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Compounds;

public sealed class CompoundFilter
{
    public StringFilter? Name { get; set; }
    public StringFilter? Code { get; set; }
    public IntFilter? Households { get; set; }
    public CoverageStatus? CoverageStatus { get; set; }
    public string? AreaCode { get; set; }
    public JsonElement? Within { get; set; }
    public JsonElement? Intersects { get; set; }
    public NearFilter? Near { get; set; }
}

public sealed class CompoundFilterType : InputObjectGraphType<CompoundFilter>
{
    public CompoundFilterType()
    {
        Name = "CompoundFilter";
        Description = "Every condition given must hold.";
        Field(f => f.Name, type: typeof(StringFilterType));
        Field(f => f.Code, type: typeof(StringFilterType));
        Field(f => f.Households, type: typeof(IntFilterType));
        Field(f => f.CoverageStatus, type: typeof(CoverageStatusType)).Description("As of the connection's asOf date.");
        Field(f => f.AreaCode, nullable: true).Description("Only compounds in this area (any level: city, district, street, community).");
        Field(f => f.Within, type: typeof(GeoJsonScalar)).Description("Only compounds lying within this GeoJSON Polygon or MultiPolygon (ST_CoveredBy: touching its edge from inside counts).");
        Field(f => f.Intersects, type: typeof(GeoJsonScalar)).Description("Only compounds sharing at least a point with this GeoJSON geometry (ST_Intersects).");
        Field(f => f.Near, type: typeof(NearFilterType)).Description("Only compounds within the distance of a point, in metres on the spheroid (ST_DWithin on geography).");
    }
}

public sealed class CompoundOrder
{
    public bool? Name { get; set; }
    public bool? Households { get; set; }
    public bool? Code { get; set; }
}

public sealed class CompoundOrderType : InputObjectGraphType<CompoundOrder>
{
    public CompoundOrderType()
    {
        Name = "CompoundOrder";
        Description = "One key per list element; ties fall to the next element, then to the id.";
        Field(o => o.Name, type: typeof(SortDirectionType));
        Field(o => o.Households, type: typeof(SortDirectionType));
        Field(o => o.Code, type: typeof(SortDirectionType));
    }
}

public static class CompoundQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<CompoundType>("compound").Public().DirectById(typeof(Compound))
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(context =>
            {
                var id = GlobalId.Decode(context.GetArgument<string>("id"), "Compound");
                // With its nearest units asked for, one statement reads both (NearbyDataLoaders).
                return NearbyDataLoaders.CompoundWithNearbyUnits(context, id)
                    ?? context.Load(new CompoundsById(SelectedColumns(context)), id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<CompoundType, Compound>>>("compounds").Public().DirectPage(typeof(Compound), near: false)
            .Description("Compounds matching a filter, in the order asked for (default: by id).")
            .Argument<CompoundFilterType>("where")
            .Argument<ListGraphType<NonNullGraphType<CompoundOrderType>>>("order")
            .Argument<DateScalar>("asOf", "The day coverageStatus filters on (default today).")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<CompoundFilter?>("where");
                var order = Order(context.GetArgument<List<CompoundOrder>?>("order"));
                var path = filter?.AreaCode is { } code ? await AreaQueries.PathOfAsync(context, code) : null;
                var day = AsOf.From(context);
                var spatial = SpatialFilter.From(filter?.Within, filter?.Intersects, filter?.Near);
                return await context.PageAsync(db => Spatial(db, spatial, Filter(db, filter, path, day)), order, c => c.Id);
            });
    }

    /// <summary>The columns the fields selected under this one read (fragments and directives applied, aliases merged).</summary>
    private static CompoundColumns SelectedColumns(IResolveFieldContext context) =>
        context.SubFields is { } fields ? CompoundsById.ColumnsOf(fields.Values.Select(f => f.FieldType.Name)) : CompoundColumns.All;

    private static IQueryable<Compound> Filter(GeoHubDb db, CompoundFilter? filter, string? path, DateOnly day)
    {
        IQueryable<Compound> compounds = db.Compounds;
        if (filter is null)
        {
            return compounds;
        }

        compounds = compounds.Match(filter.Name, c => c.Name).Match(filter.Code, c => c.Code).Match(filter.Households, c => c.Households);
        compounds = compounds.InAreas(path is null ? [] : [path], c => c.Community);

        if (filter.CoverageStatus is { } status)
        {
            var links = db.OrganizationCompounds.Where(CompoundCoverage.InForceOn(day));
            compounds = status switch
            {
                CoverageStatus.None => compounds.Where(c => !links.Any(l => l.CompoundId == c.Id)),
                CoverageStatus.Joint => compounds.Where(c => links.Any(l => l.CompoundId == c.Id && l.Organization!.Formation == Formation.Joint)),
                _ => compounds.Where(c => links.Any(l => l.CompoundId == c.Id && l.Organization!.Formation == Formation.Standalone)),
            };
        }

        return compounds;
    }

    /// <summary>
    /// The spatial conditions. EF with NTS translates CoveredBy/Intersects to ST_CoveredBy/ST_Intersects
    /// on the geometry column (GiST index). Metres need geography, which EF cannot cast to, so
    /// `near` is an id subquery in SQL, written to match the expression index on boundary::geography.
    /// </summary>
    private static IQueryable<Compound> Spatial(GeoHubDb db, SpatialFilter spatial, IQueryable<Compound> compounds)
    {
        if (spatial.Within is { } within)
        {
            compounds = compounds.Where(c => c.Boundary.CoveredBy(within));
        }

        if (spatial.Intersects is { } intersects)
        {
            compounds = compounds.Where(c => c.Boundary.Intersects(intersects));
        }

        if (spatial.Near is { } point)
        {
            var meters = spatial.Meters;
            var near = db.Database.SqlQuery<int>($"SELECT id AS \"Value\" FROM compounds WHERE ST_DWithin(boundary::geography, {point}::geography, {meters})");
            compounds = compounds.Where(c => near.Contains(c.Id));
        }

        return compounds;
    }

    private static List<SortKey<Compound>> Order(List<CompoundOrder>? order)
    {
        List<SortKey<Compound>> keys = [];
        foreach (var key in order ?? [])
        {
            var given = new[] { key.Name, key.Households, key.Code }.Count(v => v is not null);
            if (given != 1)
            {
                throw GraphQLErrors.InvalidArgument("Each element of order names exactly one key.");
            }

            keys.Add(key switch
            {
                { Name: { } descending } => SortKey.Of<Compound, string>("name", c => c.Name, descending),
                { Households: { } descending } => SortKey.Of<Compound, int>("households", c => c.Households, descending),
                { Code: { } descending } => SortKey.Of<Compound, string>("code", c => c.Code, descending),
                _ => throw new InvalidOperationException("unreachable"),
            });
        }

        return keys;
    }
}
