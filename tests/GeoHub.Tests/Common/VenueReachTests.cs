using System.Text.Json;
using GeoHub.BattleMap;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.Common;

/// <summary>
/// The hand-made map plus eight venues crowding around C3 that open only in 2099: C3's list is
/// then eight venues none of which is open in 2019, so its distance must come from the live search.
/// </summary>
public sealed class VenueReachFixture() : DatabaseFixture("reach")
{
    protected override async Task SeedAsync(GeoHubDb db)
    {
        await RunSqlAsync(HandMadeMap.Sql);
        await RunSqlAsync("""
            INSERT INTO venues (id, name, level, area_id, compound_id, location, floor_area_sqm, capacity, opened_on, closed_on)
            SELECT 100 + i, 'C3 future venue ' || i, 'Community', 6, NULL,
                   ST_SetSRID(ST_MakePoint(117.010 + 0.0012 * cos(i * pi() / 4), 25.030 + 0.0012 * sin(i * pi() / 4)), 4326)::geography,
                   40, 10, '2099-01-01', NULL
            FROM generate_series(1, 8) i;
            SELECT setval(pg_get_serial_sequence('compounds', 'id'), 1000);
            """);
    }
}

[CollectionDefinition(Name)]
public sealed class VenueReachDatabase : ICollectionFixture<VenueReachFixture>
{
    public const string Name = "VenueReach";
}

/// <summary>compound_nearest_venues, its fill and its triggers, against SQL written here.</summary>
[Collection(VenueReachDatabase.Name)]
public sealed class VenueReachTests(VenueReachFixture fixture)
{
    // Every venue of every compound by exact spheroid distance, ties by id, ranked.
    private const string BruteForceRanks = """
        SELECT c.id, v.id, ST_Distance(v.location, c.boundary::geography, true),
               row_number() OVER (PARTITION BY c.id ORDER BY ST_Distance(v.location, c.boundary::geography, true), v.id)::int
        FROM compounds c CROSS JOIN venues v
        ORDER BY 1, 4
        """;

    // A 200 m square in 东宝社区, clear of its compounds.
    private static readonly double[][][] NewCompoundRing = [[[117.019, 25.044], [117.021, 25.044], [117.021, 25.046], [117.019, 25.046], [117.019, 25.044]]];

    private const string StoredRanks = "SELECT compound_id, venue_id, distance_m, rank::int FROM compound_nearest_venues ORDER BY 1, 4";

    [Fact]
    public async Task A_fill_lists_each_compounds_nearest_venues_by_exact_distance_ties_by_id()
    {
        await FillAsync();

        var expected = (await fixture.SqlAsync(BruteForceRanks, Rank)).Where(r => r.Rank <= VenueReach.Depth).ToList();
        var stored = await fixture.SqlAsync(StoredRanks, Rank);

        Assert.Equal(expected.Select(r => (r.Compound, r.Venue, r.Rank)), stored.Select(r => (r.Compound, r.Venue, r.Rank)));
        Assert.All(expected.Zip(stored), pair => Assert.Equal(pair.First.Distance, pair.Second.Distance, 0.01));
        Assert.True(await CompleteAsync());
    }

    [Theory]
    [InlineData("2019-06-30")]
    [InlineData("2099-06-30")]
    public async Task Map_distances_are_the_nearest_open_venue_with_the_lists_without_them_and_when_none_listed_is_open(string asOf)
    {
        var day = DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);
        var expected = await NearestOpenAsync(day);

        await FillAsync();
        var withLists = await MapDistancesAsync(day);
        await fixture.SqlAsync<int>("DELETE FROM compound_nearest_venues RETURNING 1");
        var withoutLists = await MapDistancesAsync(day);
        await FillAsync();

        Assert.Equal(expected.Keys.Order(), withLists.Keys.Order());
        foreach (var (compound, distance) in expected)
        {
            Assert.Equal(distance, withLists[compound], 0.01);
            Assert.Equal(distance, withoutLists[compound], 0.01);
        }

        // C3's eight listed venues open in 2099: in 2019 its answer came from the live search, farther away.
        var c3Listed = (await fixture.SqlAsync<double>("SELECT distance_m FROM compound_nearest_venues WHERE compound_id = 3 AND rank = 1")).Single();
        Assert.Equal(day.Year < 2099, expected[3] > c3Listed + 1000);
    }

    [Fact]
    public async Task Writes_forget_exactly_the_lists_they_change()
    {
        await FillAsync();
        var perCompound = Math.Min(VenueReach.Depth, (await fixture.SqlAsync<long>("SELECT count(*) FROM venues")).Single());
        var compounds = (await fixture.SqlAsync<long>("SELECT count(*) FROM compounds")).Single();

        // Opening days and capacity do not change who is nearest: the lists stay.
        await fixture.SqlAsync<int>("UPDATE venues SET capacity = capacity + 1, closed_on = '2098-01-01' WHERE id = 4 RETURNING 1");
        Assert.Equal(compounds * perCompound, await RowsAsync());
        Assert.True(await CompleteAsync());

        // A compound redrawn loses its own list only.
        await fixture.SqlAsync<int>("UPDATE compounds SET boundary = ST_Translate(boundary, 0.0005, 0) WHERE id = 2 RETURNING 1");
        Assert.Equal(0, await RowsAsync("compound_id = 2"));
        Assert.Equal((compounds - 1) * perCompound, await RowsAsync());
        Assert.False(await CompleteAsync());
        Assert.Equal(perCompound, await FillAsync());
        Assert.True(await CompleteAsync());

        // A venue moved can reorder anyone's list: all are dropped, and the fill rebuilds them.
        await fixture.SqlAsync<int>("UPDATE venues SET location = 'SRID=4326;POINT(117.0152 25.0051)' WHERE id = 3 RETURNING 1");
        Assert.Equal(0, await RowsAsync());
        Assert.False(await CompleteAsync());
        Assert.Equal(compounds * perCompound, await FillAsync());

        // A new compound has no list until the next fill; deleting one drops its list.
        await fixture.SqlAsync<int>("""
            INSERT INTO compounds (id, code, name, community_id, households, boundary)
            VALUES (99, 'C99', '新建小区', 6, 10, ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(117.02, 25.02), 4326), 0.001))) RETURNING 1
            """);
        Assert.False(await CompleteAsync());
        Assert.Equal(perCompound, await FillAsync());
        await fixture.SqlAsync<int>("DELETE FROM compounds WHERE id = 99 RETURNING 1");
        Assert.Equal(0, await RowsAsync("compound_id = 99"));

        // Whatever moved, the lists match a brute-force ranking of the map as it now is.
        var expected = (await fixture.SqlAsync(BruteForceRanks, Rank)).Where(r => r.Rank <= VenueReach.Depth).Select(r => (r.Compound, r.Venue, r.Rank));
        Assert.Equal(expected, (await fixture.SqlAsync(StoredRanks, Rank)).Select(r => (r.Compound, r.Venue, r.Rank)));
    }

    [Fact]
    public async Task An_import_lists_the_nearest_venues_of_its_compounds_before_it_commits()
    {
        await FillAsync();
        var answer = await fixture.ExecuteAsync(
            "mutation($c: String!, $f: GeoJSON!) { importCompounds(communityCode: $c, features: $f) { created compounds { code } } }",
            new
            {
                c = "350802001001",
                f = new
                {
                    type = "FeatureCollection",
                    features = new[]
                    {
                        new
                        {
                            type = "Feature",
                            properties = new { name = "导入测试小区" },
                            geometry = new { type = "Polygon", coordinates = NewCompoundRing },
                        },
                    },
                },
            });
        Assert.False(answer.TryGetProperty("errors", out var errors), errors.ToString());
        var code = answer.GetProperty("data").GetProperty("importCompounds").GetProperty("compounds")[0].GetProperty("code").GetString();
        var id = (await fixture.SqlAsync<int>($"SELECT id FROM compounds WHERE code = '{code}'")).Single();

        try
        {
            Assert.True(await CompleteAsync());
            var expected = (await fixture.SqlAsync(BruteForceRanks, Rank)).Where(r => r.Compound == id && r.Rank <= VenueReach.Depth).Select(r => (r.Venue, r.Rank));
            Assert.Equal(expected, (await fixture.SqlAsync(StoredRanks, Rank)).Where(r => r.Compound == id).Select(r => (r.Venue, r.Rank)));
        }
        finally
        {
            await fixture.SqlAsync<int>($"DELETE FROM compounds WHERE id = {id} RETURNING 1");
        }
    }

    [Fact]
    public async Task A_map_asked_for_fills_missing_lists_in_the_background()
    {
        await fixture.SqlAsync<int>("DELETE FROM compound_nearest_venues RETURNING 1");
        await fixture.SqlAsync<int>("UPDATE venue_reach_state SET complete = false RETURNING 1");

        var map = await fixture.QueryAsync("{ battleMap(areaCode: \"350802\", asOf: \"2019-06-30\") }");
        Assert.Equal(JsonValueKind.Object, map.GetProperty("battleMap").ValueKind);

        for (var i = 0; i < 100 && !await CompleteAsync(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await CompleteAsync());
        Assert.Equal(
            (await fixture.SqlAsync(BruteForceRanks, Rank)).Count(r => r.Rank <= VenueReach.Depth),
            await RowsAsync());
    }

    private static (int Compound, int Venue, double Distance, int Rank) Rank(Npgsql.NpgsqlDataReader r) =>
        (r.GetInt32(0), r.GetInt32(1), r.GetDouble(2), r.GetInt32(3));

    private async Task<int> FillAsync()
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = await VenueReach.FillAsync(connection, transaction);
        await transaction.CommitAsync();
        return rows;
    }

    private async Task<bool> CompleteAsync() =>
        (await fixture.SqlAsync<bool>("SELECT complete FROM venue_reach_state WHERE id = 1")).Single();

    private async Task<long> RowsAsync(string where = "true") =>
        (await fixture.SqlAsync<long>($"SELECT count(*) FROM compound_nearest_venues WHERE {where}")).Single();

    private async Task<Dictionary<int, double>> NearestOpenAsync(DateOnly day) =>
        (await fixture.SqlAsync(
            """
            SELECT c.id, min(ST_Distance(v.location, c.boundary::geography, true))
            FROM compounds c CROSS JOIN venues v
            WHERE v.opened_on <= @day AND (v.closed_on IS NULL OR v.closed_on > @day)
            GROUP BY c.id
            """,
            r => (Id: r.GetInt32(0), Distance: r.GetDouble(1)), ("day", day)))
        .ToDictionary(r => r.Id, r => r.Distance);

    /// <summary>The battle map of 新罗区 straight from its SQL (no background fill is started).</summary>
    private async Task<Dictionary<int, double>> MapDistancesAsync(DateOnly day)
    {
        var json = await BattleMapQueries.FeatureCollectionAsync(fixture.DataSource, "350802", day, CancellationToken.None);
        using var map = JsonDocument.Parse(json!);
        return map.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("layer").GetString() == "compound")
            .ToDictionary(
                p => GeoHub.GraphQL.GlobalId.Decode(p.GetProperty("id").GetString()!, "Compound"),
                p => p.GetProperty("venueDistanceMeters").GetDouble());
    }
}

/// <summary>A map loaded by `geohub load` is mapped from the lists from its first request.</summary>
[Collection(GeoHubDatabase.Name)]
public sealed class LoadedVenueReachTests(GeoHubFixture fixture)
{
    [Fact]
    public async Task The_loader_lists_every_compounds_nearest_venues()
    {
        var complete = (await fixture.SqlAsync<bool>("SELECT complete FROM venue_reach_state WHERE id = 1")).Single();
        var missing = (await fixture.SqlAsync<long>("SELECT count(*) FROM compounds c WHERE NOT EXISTS (SELECT 1 FROM compound_nearest_venues n WHERE n.compound_id = c.id)")).Single();
        // Every 50th compound against a brute-force ranking of all venues.
        var expected = await fixture.SqlAsync(
            $"""
            SELECT c.id, v.id, row_number() OVER (PARTITION BY c.id ORDER BY ST_Distance(v.location, c.boundary::geography, true), v.id)::int AS rank
            FROM compounds c CROSS JOIN venues v WHERE c.id % 50 = 0
            ORDER BY 1, 3
            """,
            r => (Compound: r.GetInt32(0), Venue: r.GetInt32(1), Rank: r.GetInt32(2)));
        var stored = await fixture.SqlAsync(
            "SELECT compound_id, venue_id, rank::int FROM compound_nearest_venues WHERE compound_id % 50 = 0 ORDER BY 1, 3",
            r => (Compound: r.GetInt32(0), Venue: r.GetInt32(1), Rank: r.GetInt32(2)));

        Assert.True(complete);
        Assert.Equal(0, missing);
        Assert.NotEmpty(stored);
        Assert.Equal(expected.Where(r => r.Rank <= VenueReach.Depth), stored);
    }
}
