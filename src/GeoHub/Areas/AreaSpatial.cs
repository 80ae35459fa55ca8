using GeoHub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;

namespace GeoHub.Areas;

/// <summary>An area's spatial aggregates: its extent, and the ground its compounds cover.</summary>
public sealed record AreaSpatial(IReadOnlyList<double>? Extent, double CompoundAreaSqm)
{
    // The extent is the boundary's, or its compounds' when the area has no boundary (yet).
    // Areas in m² on the WGS 84 spheroid.
    private static readonly string Sql = $"""
        SELECT a.id, ST_XMin(e.box), ST_YMin(e.box), ST_XMax(e.box), ST_YMax(e.box), s.sqm
        FROM areas a
        CROSS JOIN LATERAL (
            SELECT COALESCE(sum(ST_Area(c.boundary::geography)), 0) AS sqm, ST_Extent(c.boundary) AS compounds_box
            FROM compounds c
            WHERE {UnderArea.CompoundsSql("a.path")}
        ) s
        CROSS JOIN LATERAL (SELECT COALESCE(a.boundary::box2d, s.compounds_box) AS box) e
        WHERE a.id = ANY(@ids)
        """;

    /// <summary>The aggregates of the area, batched with the other areas of the query level.</summary>
    public static IDataLoaderResult<AreaSpatial?> Of(IResolveFieldContext context, int areaId) =>
        context.Load(new AreaSpatialByAreaId(), areaId);

    /// <summary>The aggregates of each area, in one command.</summary>
    public sealed record AreaSpatialByAreaId : IBatchFetch<int, AreaSpatial>
    {
        public async Task<IReadOnlyDictionary<int, AreaSpatial>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
        {
            await using var command = services.DataSource().CreateCommand(Sql);
            command.Parameters.AddWithValue("ids", keys.ToArray());
            var result = new Dictionary<int, AreaSpatial>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                double[]? extent = reader.IsDBNull(1) ? null : [reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)];
                result[reader.GetInt32(0)] = new AreaSpatial(extent, reader.GetDouble(5));
            }

            return result;
        }
    }
}
