using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

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
    private static readonly string PairedCondition = $"""
        EXISTS (SELECT 1 FROM agreements a
                WHERE a.unit_id = u.id AND a.compound_id = c.id AND {ActiveOn.NotEndedSql("a.ended_on", "@today")})
        """;

    // @within arrives widened by SpatialArguments.InclusiveSlackMeters, so a row at exactly the
    // radius is in. The + 0.001 on the KNN bound absorbs the same rounding between ST_Distance and
    // ST_DWithin; rows it lets in are still sorted and cut by their exact distance.
    private static readonly string UnitsNearCompoundsSql = $"""
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

    private static readonly string CompoundsNearUnitsSql = $"""
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

    public static IDataLoaderResult<IReadOnlyList<NearbyUnit>> UnitsNearCompound(IResolveFieldContext context, int compoundId, double withinMeters, int first) =>
        context.Load(new NearbyUnitsByCompoundId(withinMeters, first, AsOf.Today(context)), compoundId).Then(IReadOnlyList<NearbyUnit> (list) => list ?? []);

    public static IDataLoaderResult<IReadOnlyList<NearbyCompound>> CompoundsNearUnit(IResolveFieldContext context, int unitId, double withinMeters, int first, bool unpairedOnly) =>
        context.Load(new NearbyCompoundsByUnitId(withinMeters, first, unpairedOnly, AsOf.Today(context)), unitId).Then(IReadOnlyList<NearbyCompound> (list) => list ?? []);

    /// <summary>The units within <see cref="WithinMeters"/> of each compound, <see cref="First"/> at most, paired as of <see cref="Today"/>.</summary>
    public sealed record NearbyUnitsByCompoundId(double WithinMeters, int First, DateOnly Today) : IBatchFetch<int, IReadOnlyList<NearbyUnit>>
    {
        public async Task<IReadOnlyDictionary<int, IReadOnlyList<NearbyUnit>>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
        {
            var rows = await NeighboursAsync(services, UnitsNearCompoundsSql, keys, WithinMeters, First, unpairedOnly: false, Today, cancellationToken);
            var units = await EntitiesAsync(services, rows, (db, ids) => db.CoBuildingUnits.Where(u => ids.Contains(u.Id)), u => u.Id, cancellationToken);
            return Group(rows, row => new NearbyUnit(units[row.Id], row.DistanceMeters, row.Paired));
        }
    }

    /// <summary>The compounds within <see cref="WithinMeters"/> of each unit, <see cref="First"/> at most, paired as of <see cref="Today"/>.</summary>
    public sealed record NearbyCompoundsByUnitId(double WithinMeters, int First, bool UnpairedOnly, DateOnly Today) : IBatchFetch<int, IReadOnlyList<NearbyCompound>>
    {
        public async Task<IReadOnlyDictionary<int, IReadOnlyList<NearbyCompound>>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
        {
            var rows = await NeighboursAsync(services, CompoundsNearUnitsSql, keys, WithinMeters, First, UnpairedOnly, Today, cancellationToken);
            var compounds = await EntitiesAsync(services, rows, (db, ids) => db.Compounds.Where(c => ids.Contains(c.Id)), c => c.Id, cancellationToken);
            return Group(rows, row => new NearbyCompound(compounds[row.Id], row.DistanceMeters, row.Paired));
        }
    }

    private sealed record Neighbour(int Key, int Id, double DistanceMeters, bool Paired);

    private static async Task<List<Neighbour>> NeighboursAsync(
        IServiceProvider services, string sql, IReadOnlyCollection<int> keys, double withinMeters, int first, bool unpairedOnly, DateOnly today, CancellationToken cancellationToken)
    {
        var dataSource = services.DataSource();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        command.Parameters.AddWithValue("within", withinMeters + SpatialArguments.InclusiveSlackMeters);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("today", today);
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
        IServiceProvider services, List<Neighbour> rows, Func<GeoHubDb, int[], IQueryable<T>> byIds, Func<T, int> idOf, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return [];
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<GeoHubDb>>().CreateDbContextAsync(cancellationToken);
        int[] ids = [.. rows.Select(r => r.Id).Distinct()];
        return await byIds(db, ids).AsNoTracking().ToDictionaryAsync(idOf, cancellationToken);
    }

    // Rows arrive ordered by key, distance, id; grouping keeps the order within a key.
    private static Dictionary<int, IReadOnlyList<T>> Group<T>(List<Neighbour> rows, Func<Neighbour, T> map) =>
        rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)[.. g.Select(map)]);
}
