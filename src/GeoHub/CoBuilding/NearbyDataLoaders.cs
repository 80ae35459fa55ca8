using System.Globalization;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.CoBuilding;

/// <summary>
/// Co-building units near compounds and compounds near units, batched per query level: all the
/// keys of a level go to the database as one array, and each key's neighbours come from one
/// LATERAL subquery. A batch costs two commands however many keys it holds: the neighbours
/// (ids, distances, paired), then their entities.
/// </summary>
/// <remarks>
/// Each LATERAL runs in two steps, both on GiST indexes. KNN (<c>&lt;-&gt;</c>, spherical and only
/// approximately the spheroid order) finds <c>first</c> candidates inside the radius; the largest
/// spheroid distance among them bounds the true first-nearest, so a second ST_DWithin with that
/// tighter radius returns every row that can rank, which is then sorted by the exact
/// ST_Distance on the spheroid, ties by id. The answer is exact however the two metrics
/// disagree, and a large radius costs no more than a small one.
/// A unit and a compound are paired when an agreement between them has not ended as of today
/// (including one signed for a later start).
/// </remarks>
public static class NearbyDataLoaders
{
    private const string PairedCondition = """
        EXISTS (SELECT 1 FROM agreements a
                WHERE a.unit_id = u.id AND a.compound_id = c.id AND (a.ended_on IS NULL OR a.ended_on > @today))
        """;

    // @within arrives widened by SpatialArguments.InclusiveSlackMeters, so a row at exactly the
    // radius is in. The + 0.001 on the KNN bound absorbs the same rounding between ST_Distance and
    // ST_DWithin; rows it lets in are still sorted and cut by their exact distance.
    private const string UnitsNearCompoundsSql = $"""
        SELECT c.id, n.id, n.distance_meters, n.paired
        FROM unnest(@keys) AS k(id)
        JOIN compounds c ON c.id = k.id
        CROSS JOIN LATERAL (
            WITH knn AS (
                SELECT u.location FROM co_building_units u
                WHERE ST_DWithin(u.location, c.boundary::geography, @within)
                ORDER BY u.location <-> c.boundary::geography
                LIMIT @first)
            SELECT u.id, ST_Distance(c.boundary::geography, u.location) AS distance_meters, {PairedCondition} AS paired
            FROM co_building_units u
            WHERE ST_DWithin(u.location, c.boundary::geography,
                             LEAST(@within, (SELECT max(ST_Distance(c.boundary::geography, knn.location)) FROM knn) + 0.001))
            ORDER BY distance_meters, u.id
            LIMIT @first) n
        ORDER BY c.id, n.distance_meters, n.id
        """;

    private const string CompoundsNearUnitsSql = $"""
        SELECT u.id, n.id, n.distance_meters, n.paired
        FROM unnest(@keys) AS k(id)
        JOIN co_building_units u ON u.id = k.id
        CROSS JOIN LATERAL (
            WITH knn AS (
                SELECT c.boundary FROM compounds c
                WHERE ST_DWithin(c.boundary::geography, u.location, @within)
                  AND NOT (@unpaired_only AND {PairedCondition})
                ORDER BY c.boundary::geography <-> u.location
                LIMIT @first)
            SELECT c.id, ST_Distance(c.boundary::geography, u.location) AS distance_meters, {PairedCondition} AS paired
            FROM compounds c
            WHERE ST_DWithin(c.boundary::geography, u.location,
                             LEAST(@within, (SELECT max(ST_Distance(knn.boundary::geography, u.location)) FROM knn) + 0.001))
              AND NOT (@unpaired_only AND {PairedCondition})
            ORDER BY distance_meters, c.id
            LIMIT @first) n
        ORDER BY u.id, n.distance_meters, n.id
        """;

    public static IDataLoaderResult<IReadOnlyList<NearbyUnit>> UnitsNearCompound(IResolveFieldContext context, int compoundId, double withinMeters, int first)
    {
        var (dataSource, databases) = Services(context);
        var name = string.Create(CultureInfo.InvariantCulture, $"NearbyUnitsByCompoundId({withinMeters:R},{first})");
        var loader = context.Loaders().Get<int, IReadOnlyList<NearbyUnit>>(name, async (keys, cancellationToken) =>
        {
            var rows = await NeighboursAsync(dataSource, UnitsNearCompoundsSql, keys, withinMeters, first, unpairedOnly: false, cancellationToken);
            var units = await EntitiesAsync(databases, rows, (db, ids) => db.CoBuildingUnits.Where(u => ids.Contains(u.Id)), u => u.Id, cancellationToken);
            return Group(rows, row => new NearbyUnit(units[row.Id], row.DistanceMeters, row.Paired));
        });
        return loader.Load(compoundId).Then(list => list ?? []);
    }

    public static IDataLoaderResult<IReadOnlyList<NearbyCompound>> CompoundsNearUnit(IResolveFieldContext context, int unitId, double withinMeters, int first, bool unpairedOnly)
    {
        var (dataSource, databases) = Services(context);
        var name = string.Create(CultureInfo.InvariantCulture, $"NearbyCompoundsByUnitId({withinMeters:R},{first},{unpairedOnly})");
        var loader = context.Loaders().Get<int, IReadOnlyList<NearbyCompound>>(name, async (keys, cancellationToken) =>
        {
            var rows = await NeighboursAsync(dataSource, CompoundsNearUnitsSql, keys, withinMeters, first, unpairedOnly, cancellationToken);
            var compounds = await EntitiesAsync(databases, rows, (db, ids) => db.Compounds.Where(c => ids.Contains(c.Id)), c => c.Id, cancellationToken);
            return Group(rows, row => new NearbyCompound(compounds[row.Id], row.DistanceMeters, row.Paired));
        });
        return loader.Load(unitId).Then(list => list ?? []);
    }

    private sealed record Neighbour(int Key, int Id, double DistanceMeters, bool Paired);

    // Taken before the batch runs: the field context is pooled and reused once the field resolves.
    private static (NpgsqlDataSource, IDbContextFactory<GeoHubDb>) Services(IResolveFieldContext context) =>
        (context.DataSource(), context.RequestServices!.GetRequiredService<IDbContextFactory<GeoHubDb>>());

    private static async Task<List<Neighbour>> NeighboursAsync(
        NpgsqlDataSource dataSource, string sql, IReadOnlyCollection<int> keys, double withinMeters, int first, bool unpairedOnly, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        command.Parameters.AddWithValue("within", withinMeters + SpatialArguments.InclusiveSlackMeters);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("today", AsOf.Today);
        command.Parameters.AddWithValue("unpaired_only", unpairedOnly);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<Neighbour> rows = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new Neighbour(reader.GetInt32(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetBoolean(3)));
        }

        return rows;
    }

    private static async Task<Dictionary<int, T>> EntitiesAsync<T>(
        IDbContextFactory<GeoHubDb> databases, List<Neighbour> rows, Func<GeoHubDb, int[], IQueryable<T>> byIds, Func<T, int> idOf, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return [];
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        int[] ids = [.. rows.Select(r => r.Id).Distinct()];
        return await byIds(db, ids).AsNoTracking().ToDictionaryAsync(idOf, cancellationToken);
    }

    // Rows arrive ordered by key, distance, id; grouping keeps the order within a key.
    private static Dictionary<int, IReadOnlyList<T>> Group<T>(List<Neighbour> rows, Func<Neighbour, T> map) =>
        rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)[.. g.Select(map)]);
}
