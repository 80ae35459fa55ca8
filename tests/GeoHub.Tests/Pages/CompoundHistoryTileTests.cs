using System.Net;
using GeoHub.GraphQL;
using GeoHub.Tests.BattleMap;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.Pages;

/// <summary>
/// GET /tiles/compound-history/{z}/{x}/{y}.mvt on the demo map: every compound's history gives, on
/// every day its coverage could change and the day before, the status brute-force SQL finds.
/// </summary>
[Collection(GeoHubDatabase.Name)]
public sealed class CompoundHistoryTileTests(GeoHubFixture fixture)
{
    // Each compound's status on the days it could change and the day before, by the rule written out.
    private const string ExpectedSql = $"SELECT e.id, e.d::text, e.status FROM ({CoveringRuleSql.StatusOnEdgeDays}) e";

    [Fact]
    public async Task Every_compounds_history_gives_the_status_of_every_day_sql_finds()
    {
        var histories = await CheckAsync(fixture);
        Assert.Equal(1469, histories.Count);
    }

    /// <summary>
    /// Reads every compound's history from the z7 tiles over the map, checks it against SQL on each
    /// compound's change days, the days before them and two fixed days, and returns the histories.
    /// </summary>
    internal static async Task<List<string?>> CheckAsync(DatabaseFixture fixture)
    {
        // The z7 tiles over the demo map's compounds (a compound crossing a tile edge is in both).
        var (minX, minY, maxX, maxY) = (await fixture.SqlAsync(
            """
            SELECT floor((ST_XMin(e) + 180) / 360 * 128)::int, floor((1 - ln(tan(radians(ST_YMax(e))) + 1 / cos(radians(ST_YMax(e)))) / pi()) / 2 * 128)::int,
                   floor((ST_XMax(e) + 180) / 360 * 128)::int, floor((1 - ln(tan(radians(ST_YMin(e))) + 1 / cos(radians(ST_YMin(e)))) / pi()) / 2 * 128)::int
            FROM (SELECT ST_Extent(boundary)::geometry AS e FROM compounds) b
            """,
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3)))).Single();
        var client = fixture.CreateClient();
        Dictionary<long, (string Id, string? History)> compounds = [];
        for (var x = minX; x <= maxX; x++)
        {
            for (var y = minY; y <= maxY; y++)
            {
                using var response = await client.GetAsync(new Uri($"/tiles/compound-history/7/{x}/{y}.mvt", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                foreach (var feature in Mvt.Features(await response.Content.ReadAsByteArrayAsync(), "compounds"))
                {
                    compounds[(long)feature.Id] = ((string)feature.Tags["id"], feature.Tags.TryGetValue("statusFrom", out var history) ? (string)history : null);
                }
            }
        }

        var expected = await fixture.SqlAsync(ExpectedSql, r => (Id: r.GetInt32(0), Day: r.GetString(1), Status: r.GetString(2)));
        Assert.Equal((await fixture.SqlAsync<long>("SELECT count(*) FROM compounds")).Single(), compounds.Count);
        Assert.True(expected.Count > 2 * compounds.Count, $"only {expected.Count} compound-days checked");
        foreach (var (id, day, status) in expected)
        {
            var (globalId, history) = compounds[id];
            Assert.Equal(GlobalId.Encode("Compound", id), globalId);
            Assert.True(status == StatusOn(history, day), $"compound {id} on {day}: SQL {status}, history '{history}'");
        }

        return [.. compounds.Values.Select(c => c.History)];
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    public async Task Below_z12_compounds_are_points_without_names_and_from_z12_named_polygons(int z, bool full)
    {
        // The tile holding the point of the demo map's lowest-id compound, and what SQL finds in it.
        var (x, y) = (await fixture.SqlAsync(
            $"""
            SELECT floor((ST_X(p) + 180) / 360 * 2 ^ {z})::int, floor((1 - ln(tan(radians(ST_Y(p))) + 1 / cos(radians(ST_Y(p)))) / pi()) / 2 * 2 ^ {z})::int
            FROM (SELECT ST_PointOnSurface(boundary) AS p FROM compounds ORDER BY id LIMIT 1) c
            """,
            r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        // Below z12 a compound is in the tiles holding its point on its surface, from z12 in those its polygon crosses.
        var inTile = full ? "boundary" : "ST_PointOnSurface(boundary)";
        var names = (await fixture.SqlAsync(
            $"SELECT id, name FROM compounds WHERE ST_Intersects({inTile}, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326))",
            r => ((ulong)r.GetInt32(0), r.GetString(1)), ("z", z), ("x", x), ("y", y))).ToDictionary(r => r.Item1, r => r.Item2);
        var features = Mvt.Features(await fixture.CreateClient().GetByteArrayAsync(new Uri($"/tiles/compound-history/{z}/{x}/{y}.mvt", UriKind.Relative)), "compounds");

        Assert.True(names.Count > 1);
        Assert.Equal(names.Keys.Order(), features.Select(f => f.Id).Order());
        foreach (var feature in features)
        {
            Assert.Equal(GlobalId.Encode("Compound", (int)feature.Id), feature.Tags["id"]);
            Assert.Equal(full ? 3 : 1, feature.GeometryType); // POLYGON or POINT
            if (full)
            {
                Assert.Equal(names[feature.Id], feature.Tags["name"]);
            }
            else
            {
                Assert.False(feature.Tags.ContainsKey("name"));
            }
        }
    }

    [Theory]
    [InlineData("/tiles/compound-history/7/105/54")]
    [InlineData("/tiles/compound-history/23/0/0.mvt")]
    [InlineData("/tiles/compound-history/7/128/0.mvt")]
    [InlineData("/tiles/compound-history/7/-1/0.mvt")]
    public async Task Bad_coordinates_are_400_with_a_code_or_no_route(string path)
    {
        using var response = await fixture.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Contains("\"code\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tile_without_compounds_is_204()
    {
        using var response = await fixture.CreateClient().GetAsync(new Uri("/tiles/compound-history/7/0/0.mvt", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>The page's reading of a history (web/src/map/days.js): the last entry on or before the day, NONE before the first.</summary>
    private static string StatusOn(string? history, string day)
    {
        var status = "NONE";
        foreach (var entry in history?.Split(',') ?? [])
        {
            if (string.CompareOrdinal(entry[..10], day) > 0)
            {
                break;
            }

            status = entry[11..];
        }

        return status;
    }
}

/// <summary>The same check on the hand-made map, whose compounds change status more than once (C2 joint, then its own; C4's organisation dissolved).</summary>
[Collection(BattleMapDatabase.Name)]
public sealed class CompoundHistoryTileHandMadeMapTests(BattleMapFixture fixture)
{
    [Fact]
    public async Task Histories_with_several_changes_give_the_status_of_every_day_sql_finds()
    {
        var histories = await CompoundHistoryTileTests.CheckAsync(fixture);
        Assert.Contains(histories, h => h?.Contains(',', StringComparison.Ordinal) == true);
        Assert.Contains(histories, h => h?.EndsWith(" NONE", StringComparison.Ordinal) == true);
        Assert.Contains(histories, h => h is null);
    }
}
