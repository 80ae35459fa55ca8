using GeoHub.Common;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoHub.CoBuilding;

/// <summary>
/// Co-building units near compounds and compounds near units, batched per query level: all the
/// keys of a level go to the database as one array, and each key's neighbours come from one
/// LATERAL subquery. Units near compounds cost one statement per batch (the units' rows come with
/// their distances); compounds near units two (the neighbours, then the compounds' rows, which
/// EF reads with their boundaries). <c>paired</c> is computed only when the query selects it.
/// </summary>
/// <remarks>
/// Each LATERAL runs in two steps, both on GiST indexes. KNN (<c>&lt;-&gt;</c>, only approximately
/// the spheroid order) finds <c>first</c> candidates; the largest spheroid distance among them
/// bounds the true first-nearest (or the radius does, if smaller), so a second ST_DWithin with
/// that tighter radius returns every row that can rank, which is then sorted by the exact
/// ST_Distance on the spheroid, ties by id. The answer is exact however the two metrics
/// disagree (any <c>first</c> rows give a valid bound; nearer ones a tighter one), and a large
/// radius costs no more than a small one. Units near compounds take their candidates from the
/// planar KNN in degrees (geometry); compounds near units from the spherical one, inside the
/// radius and passing <c>unpairedOnly</c>, since a candidate it leaves out bounds nothing.
/// A unit and a compound are paired when an agreement between them has not ended as of today
/// (including one signed for a later start).
/// The statements go through the fixed-plan data source: their best plan is the same for every
/// key, radius and count, and planning them per execution cost as much as running them.
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
    // The boundary's geography is computed once per compound (the MATERIALIZED CTE), not in
    // every distance call; the candidates come from the planar KNN on the units' geometry index,
    // which costs a fraction of the geography KNN and gives as good a bound (see the remarks).
    // LEFT JOIN: a compound without neighbours still has its row (CompoundWithNearbyUnits reads it).
    private static string NeighboursOf(bool paired, string compoundColumns) => $"""
        SELECT n.id, n.distance_meters, {(paired ? "n.paired" : "false")}, n.name, n.kind, n.area_id, n.address, n.location, n.version, {compoundColumns}
        FROM c
        LEFT JOIN LATERAL (
            WITH knn AS (
                SELECT u.location FROM co_building_units u
                ORDER BY u.location::geometry <-> c.boundary
                LIMIT @first)
            SELECT u.id, ST_Distance(c.g, u.location) AS distance_meters,
                   {(paired ? PairedCondition : "false")} AS paired,
                   u.name, u.kind, u.area_id, u.address, u.location, u.version
            FROM co_building_units u
            WHERE ST_DWithin(u.location, c.g, LEAST(@within, (SELECT max(ST_Distance(c.g, knn.location)) FROM knn) + 0.001))
            ORDER BY distance_meters, u.id
            LIMIT @first) n ON true
        ORDER BY c.id, n.distance_meters, n.id
        """;

    private static string UnitsNearCompoundsSql(bool paired) => $"""
        WITH c AS MATERIALIZED (
            SELECT c.id, c.boundary, c.boundary::geography AS g
            FROM unnest(@keys) AS k(id) JOIN compounds c ON c.id = k.id)
        {NeighboursOf(paired, "c.id")}
        """;

    // The compound's own columns follow the neighbours', from column 9 on.
    private static string CompoundWithUnitsSql(bool paired) => $"""
        WITH c AS MATERIALIZED (
            SELECT c.id, c.boundary, c.boundary::geography AS g, c.code, c.name, c.community_id, c.households, c.address, c.built_year, c.property_company_id
            FROM compounds c WHERE c.id = ANY (@keys))
        {NeighboursOf(paired, "c.id, c.boundary, c.code, c.name, c.community_id, c.households, c.address, c.built_year, c.property_company_id")}
        """;

    private static readonly string CompoundWithUnitsWithPairedSql = CompoundWithUnitsSql(paired: true);
    private static readonly string CompoundWithUnitsOnlySql = CompoundWithUnitsSql(paired: false);

    private static readonly string UnitsNearCompoundsWithPairedSql = UnitsNearCompoundsSql(paired: true);
    private static readonly string UnitsNearCompoundsOnlySql = UnitsNearCompoundsSql(paired: false);

    private static string CompoundsNearUnitsSql(bool paired) => $"""
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
            SELECT c.id, ST_Distance(c.boundary::geography, u.location) AS distance_meters, {(paired ? PairedCondition : "false")} AS paired
            FROM compounds c
            WHERE ST_DWithin(c.boundary::geography, u.location,
                             LEAST(@within, (SELECT max(ST_Distance(knn.boundary::geography, u.location)) FROM knn) + 0.001))
              AND NOT (@unpaired_only AND {PairedCondition})
            ORDER BY distance_meters, c.id
            LIMIT @first) n
        ORDER BY u.id, n.distance_meters, n.id
        """;

    private static readonly string CompoundsNearUnitsWithPairedSql = CompoundsNearUnitsSql(paired: true);
    private static readonly string CompoundsNearUnitsOnlySql = CompoundsNearUnitsSql(paired: false);

    public static IDataLoaderResult<IReadOnlyList<NearbyUnit>> UnitsNearCompound(IResolveFieldContext context, int compoundId, double withinMeters, int first) =>
        context.Load(new NearbyUnitsByCompoundId(withinMeters, first, AsOf.Today(context), context.Selects("paired")), compoundId)
            .Then(IReadOnlyList<NearbyUnit> (list) => list ?? []);

    public static IDataLoaderResult<IReadOnlyList<NearbyCompound>> CompoundsNearUnit(IResolveFieldContext context, int unitId, double withinMeters, int first, bool unpairedOnly) =>
        context.Load(new NearbyCompoundsByUnitId(withinMeters, first, unpairedOnly, AsOf.Today(context), context.Selects("paired")), unitId)
            .Then(IReadOnlyList<NearbyCompound> (list) => list ?? []);

    /// <summary>
    /// <c>compound(id)</c> whose selection asks for <c>nearbyCoBuildingUnits</c> once: the
    /// compound's row and its nearby units in one statement, the units handed to the loader the
    /// nested field then asks (with the same key, so it sends nothing). Null when the selection
    /// is of another shape (the field twice, in a fragment, under a directive) or its arguments
    /// are out of range: the caller then loads the compound alone, and the nested field answers
    /// (or refuses) as always.
    /// </summary>
    public static IDataLoaderResult<Compound?>? CompoundWithNearbyUnits(IResolveFieldContext context, int compoundId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var selections = context.FieldAst.SelectionSet?.Selections ?? [];
        var nearby = selections.OfType<GraphQLField>().Where(f => f.Name.StringValue == "nearbyCoBuildingUnits").ToList();
        if (nearby is not [var field] || field.Directives is { Count: > 0 } || selections.Any(s => s is not GraphQLField))
        {
            return null;
        }

        var definition = ((IComplexGraphType)context.FieldDefinition.ResolvedType!.GetNamedType()).GetField("nearbyCoBuildingUnits")!;
        var arguments = ExecutionHelper.GetArguments(definition.Arguments, field.Arguments, context.Variables, context.Document, field, null);
        var within = arguments?.TryGetValue("withinMeters", out var w) == true && w.Value is double meters ? meters : double.NaN;
        var first = arguments?.TryGetValue("first", out var f) == true && f.Value is int count ? count : SpatialArguments.DefaultFirst;
        if (within is not (> 0 and <= SpatialArguments.MaxMeters) || first is not (>= 1 and <= SpatialArguments.MaxFirst))
        {
            return null;
        }

        var fetch = new NearbyUnitsByCompoundId(within, first, AsOf.Today(context), field.SelectionSet.Selects("paired", context.Document));
        var services = context.RequestServices!;
        return new DeferredResult<Compound?>(async cancellationToken =>
        {
            await using var command = Command(services, fetch.Paired ? CompoundWithUnitsWithPairedSql : CompoundWithUnitsOnlySql, [compoundId], within, first, unpairedOnly: false, fetch.Today);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            Compound? compound = null;
            Dictionary<int, List<NearbyUnit>> byCompound = [];
            while (await reader.ReadAsync(cancellationToken))
            {
                compound ??= new Compound
                {
                    Id = reader.GetInt32(9),
                    Boundary = reader.GetFieldValue<MultiPolygon>(10),
                    Code = reader.GetString(11),
                    Name = reader.GetString(12),
                    CommunityId = reader.GetInt32(13),
                    Households = reader.GetInt32(14),
                    Address = reader.IsDBNull(15) ? null : reader.GetString(15),
                    BuiltYear = reader.IsDBNull(16) ? null : reader.GetInt32(16),
                    PropertyCompanyId = reader.IsDBNull(17) ? null : reader.GetInt32(17),
                };
                NearbyUnitsByCompoundId.Add(byCompound, reader);
            }

            if (compound is not null)
            {
                services.GetRequiredService<DataLoaders>().For(fetch, services).Prime(compoundId, byCompound[compoundId]);
            }

            return compound;
        });
    }

    /// <summary>
    /// The units within <see cref="WithinMeters"/> of each compound, <see cref="First"/> at most,
    /// with <c>paired</c> as of <see cref="Today"/> when <see cref="Paired"/> (false otherwise: no field reads it).
    /// </summary>
    public sealed record NearbyUnitsByCompoundId(double WithinMeters, int First, DateOnly Today, bool Paired) : IBatchFetch<int, IReadOnlyList<NearbyUnit>>
    {
        public async Task<IReadOnlyDictionary<int, IReadOnlyList<NearbyUnit>>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
        {
            await using var command = Command(services, Paired ? UnitsNearCompoundsWithPairedSql : UnitsNearCompoundsOnlySql, keys, WithinMeters, First, unpairedOnly: false, Today);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            Dictionary<int, List<NearbyUnit>> byCompound = [];
            while (await reader.ReadAsync(cancellationToken))
            {
                Add(byCompound, reader);
            }

            return byCompound.ToDictionary(p => p.Key, p => (IReadOnlyList<NearbyUnit>)p.Value);
        }

        /// <summary>The row's neighbour (none on a compound without neighbours) under its compound, whose id is column 9.</summary>
        internal static void Add(Dictionary<int, List<NearbyUnit>> byCompound, NpgsqlDataReader reader)
        {
            var compoundId = reader.GetInt32(9);
            if (!byCompound.TryGetValue(compoundId, out var list))
            {
                byCompound[compoundId] = list = [];
            }

            if (reader.IsDBNull(0))
            {
                return;
            }

            var unit = new CoBuildingUnit
            {
                Id = reader.GetInt32(0),
                Name = reader.GetString(3),
                Kind = Enum.Parse<UnitKind>(reader.GetString(4)),
                AreaId = reader.GetInt32(5),
                Address = reader.IsDBNull(6) ? null : reader.GetString(6),
                Location = reader.GetFieldValue<Point>(7),
                Version = reader.GetInt32(8),
            };
            list.Add(new NearbyUnit(unit, reader.GetDouble(1), reader.GetBoolean(2)));
        }
    }

    /// <summary>
    /// The compounds within <see cref="WithinMeters"/> of each unit, <see cref="First"/> at most,
    /// with <c>paired</c> as of <see cref="Today"/> when <see cref="Paired"/> (false otherwise: no field reads it).
    /// </summary>
    public sealed record NearbyCompoundsByUnitId(double WithinMeters, int First, bool UnpairedOnly, DateOnly Today, bool Paired) : IBatchFetch<int, IReadOnlyList<NearbyCompound>>
    {
        public async Task<IReadOnlyDictionary<int, IReadOnlyList<NearbyCompound>>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
        {
            var rows = await NeighboursAsync(services, Paired ? CompoundsNearUnitsWithPairedSql : CompoundsNearUnitsOnlySql, keys, WithinMeters, First, UnpairedOnly, Today, cancellationToken);
            var compounds = await EntitiesAsync(services, rows, (db, ids) => db.Compounds.Where(c => ids.Contains(c.Id)), c => c.Id, cancellationToken);
            return Group(rows, row => new NearbyCompound(compounds[row.Id], row.DistanceMeters, row.Paired));
        }
    }

    private sealed record Neighbour(int Key, int Id, double DistanceMeters, bool Paired);

    private static NpgsqlCommand Command(
        IServiceProvider services, string sql, IReadOnlyCollection<int> keys, double withinMeters, int first, bool unpairedOnly, DateOnly today)
    {
        var command = services.FixedPlanDataSource().CreateCommand(sql);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        command.Parameters.AddWithValue("within", withinMeters + SpatialArguments.InclusiveSlackMeters);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("today", today);
        command.Parameters.AddWithValue("unpaired_only", unpairedOnly);
        return command;
    }

    private static async Task<List<Neighbour>> NeighboursAsync(
        IServiceProvider services, string sql, IReadOnlyCollection<int> keys, double withinMeters, int first, bool unpairedOnly, DateOnly today, CancellationToken cancellationToken)
    {
        await using var command = Command(services, sql, keys, withinMeters, first, unpairedOnly, today);
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
