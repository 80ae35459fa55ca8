using GeoHub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;

namespace GeoHub.Areas;

/// <summary>An area's spatial aggregates: its extent, and the ground its compounds cover.</summary>
public sealed record AreaSpatial(IReadOnlyList<double>? Extent, double CompoundAreaSqm)
{
    // The extent is the boundary's, or its compounds' when the area has no boundary (yet).
    // Areas in m² on the WGS 84 spheroid.
    private const string Sql = """
        SELECT a.id, ST_XMin(e.box), ST_YMin(e.box), ST_XMax(e.box), ST_YMax(e.box), s.sqm
        FROM areas a
        CROSS JOIN LATERAL (
            SELECT COALESCE(sum(ST_Area(c.boundary::geography)), 0) AS sqm, ST_Extent(c.boundary) AS compounds_box
            FROM compounds c
            WHERE c.community_id IN (SELECT d.id FROM areas d WHERE d.path = a.path OR d.path LIKE a.path || '/%')
        ) s
        CROSS JOIN LATERAL (SELECT COALESCE(a.boundary::box2d, s.compounds_box) AS box) e
        WHERE a.id = ANY(@ids)
        """;

    /// <summary>The aggregates of the area, batched with the other areas of the query level.</summary>
    public static IDataLoaderResult<AreaSpatial?> Of(IResolveFieldContext context, int areaId)
    {
        var dataSource = context.DataSource();
        return context.Loaders().Get<int, AreaSpatial>("AreaSpatialById", async (ids, cancellationToken) =>
        {
            await using var command = dataSource.CreateCommand(Sql);
            command.Parameters.AddWithValue("ids", ids.ToArray());
            var result = new Dictionary<int, AreaSpatial>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                double[]? extent = reader.IsDBNull(1) ? null : [reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)];
                result[reader.GetInt32(0)] = new AreaSpatial(extent, reader.GetDouble(5));
            }

            return result;
        }).Load(areaId);
    }
}
