using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.BattleMap;

/// <summary>battleMap, /maps/{code}.geojson and the Area aggregates against SQL written here.</summary>
[Collection(BattleMapDatabase.Name)]
public sealed class BattleMapTests(BattleMapFixture fixture)
{
    private const string BattleMap = "query($area: String!, $asOf: Date) { battleMap(areaCode: $area, asOf: $asOf) }";

    private sealed record ExpectedCompound(int Id, string Name, int Households, string Status, string? Organization, bool Red, int Agreements, double Distance);

    [Theory]
    [InlineData("2019-06-30")]
    [InlineData("2021-01-01")]
    public async Task Compound_features_carry_the_status_sql_gives_for_the_day(string asOf)
    {
        var day = DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);
        var expected = await ExpectedCompoundsAsync("350802", day);
        var map = (await fixture.QueryAsync(BattleMap, new { area = "350802", asOf })).GetProperty("battleMap");
        var compounds = Features(map, "compound");

        Assert.Equal("FeatureCollection", map.GetProperty("type").GetString());
        Assert.Equal(asOf, map.GetProperty("asOf").GetString());
        Assert.Equal(expected.Count, compounds.Count);
        foreach (var (want, feature) in expected.Zip(compounds))
        {
            var p = feature.GetProperty("properties");
            Assert.Equal(GlobalId.Encode("Compound", want.Id), p.GetProperty("id").GetString());
            Assert.Equal(want.Name, p.GetProperty("name").GetString());
            Assert.Equal(want.Households, p.GetProperty("households").GetInt32());
            Assert.Equal(want.Status, p.GetProperty("coverageStatus").GetString());
            Assert.Equal(want.Organization, p.GetProperty("organization").ValueKind == JsonValueKind.Null ? null : p.GetProperty("organization").GetString());
            Assert.Equal(want.Red, p.GetProperty("redCommittee").GetBoolean());
            Assert.Equal(want.Agreements, p.GetProperty("agreements").GetInt32());
            Assert.InRange(p.GetProperty("venueDistanceMeters").GetDouble(), want.Distance - 0.01, want.Distance + 0.01);
            Assert.Equal("MultiPolygon", feature.GetProperty("geometry").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Coverage_follows_the_dates_of_links_and_organisations()
    {
        var before = await StatusesAsync("2019-06-30");
        var after = await StatusesAsync("2021-01-01");

        Assert.Equal(["STANDALONE", "JOINT", "JOINT", "NONE", "NONE", "JOINT", "JOINT"], before);
        Assert.Equal(["STANDALONE", "STANDALONE", "JOINT", "NONE", "NONE", "JOINT", "JOINT"], after);
    }

    [Fact]
    public async Task The_compound_holding_a_venue_is_at_distance_zero_on_the_map()
    {
        var map = (await fixture.QueryAsync(BattleMap, new { area = "350802001001", asOf = "2021-01-01" })).GetProperty("battleMap");
        var c1 = Features(map, "compound").Single(f => f.GetProperty("properties").GetProperty("id").GetString() == GlobalId.Encode("Compound", 1));

        Assert.Equal(0, c1.GetProperty("properties").GetProperty("venueDistanceMeters").GetDouble());
    }

    [Theory]
    [InlineData("350802", "2019-06-30")]
    [InlineData("350802", "2021-01-01")]
    [InlineData("350800", "2021-01-01")]
    public async Task Area_features_are_the_child_areas_with_the_coverage_sql_counts(string area, string asOf)
    {
        var day = DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);
        var expected = await fixture.SqlAsync(
            $"""
            SELECT child.code, count(c.id)::int,
                   count(c.id) FILTER (WHERE EXISTS ({CoveredSql("c.id")}))::int
            FROM areas parent JOIN areas child ON child.parent_id = parent.id
            LEFT JOIN areas d ON d.path = child.path OR d.path LIKE child.path || '/%'
            LEFT JOIN compounds c ON c.community_id = d.id
            WHERE parent.code = @code
            GROUP BY child.code ORDER BY child.code
            """,
            r => (Code: r.GetString(0), Compounds: r.GetInt32(1), Covered: r.GetInt32(2)),
            ("code", area), ("day", day));
        var map = (await fixture.QueryAsync(BattleMap, new { area, asOf })).GetProperty("battleMap");
        var areas = Features(map, "area");

        Assert.Equal(expected.Select(e => e.Code), areas.Select(f => f.GetProperty("properties").GetProperty("code").GetString()));
        foreach (var (want, feature) in expected.Zip(areas))
        {
            var p = feature.GetProperty("properties");
            Assert.Equal(want.Compounds, p.GetProperty("compounds").GetInt32());
            Assert.Equal(want.Covered, p.GetProperty("compoundsCovered").GetInt32());
            if (want.Compounds > 0)
            {
                Assert.Equal((double)want.Covered / want.Compounds, p.GetProperty("coverageRate").GetDouble(), 9);
            }
        }

        var compounds = await fixture.SqlAsync(
            "SELECT count(*)::int FROM compounds c JOIN areas d ON d.id = c.community_id, areas a WHERE a.code = @code AND (d.path = a.path OR d.path LIKE a.path || '/%')",
            r => r.GetInt32(0), ("code", area));
        Assert.Equal(expected.Count + compounds.Single(), map.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task The_bbox_is_the_extent_of_every_feature()
    {
        var expected = (await fixture.SqlAsync(
            """
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (
                SELECT ST_Extent(g) AS e FROM (
                    SELECT boundary AS g FROM areas WHERE parent_id = 2
                    UNION ALL SELECT c.boundary FROM compounds c JOIN areas d ON d.id = c.community_id WHERE d.path LIKE '350800/350802/%') x) y
            """,
            r => new[] { r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3) })).Single();
        var map = (await fixture.QueryAsync(BattleMap, new { area = "350802" })).GetProperty("battleMap");
        var bbox = map.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();

        Assert.Equal(4, bbox.Length);
        foreach (var (want, got) in expected.Zip(bbox))
        {
            Assert.Equal(want, got, 6);
        }
    }

    [Fact]
    public async Task An_unknown_area_is_not_found()
    {
        var answer = await fixture.ExecuteAsync(BattleMap, new { area = "999999" });

        Assert.Equal([ErrorCodes.NotFound], answer.ErrorCodes());
    }

    [Fact]
    public async Task The_geojson_endpoint_serves_the_same_feature_collection_as_geo_json()
    {
        var graphql = (await fixture.QueryAsync(BattleMap, new { area = "350802", asOf = "2019-06-30" })).GetProperty("battleMap");
        using var response = await fixture.CreateClient().GetAsync("/maps/350802.geojson?asOf=2019-06-30");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(graphql.GetRawText()), JsonNode.Parse(body)));
    }

    [Fact]
    public async Task The_geojson_endpoint_answers_404_with_a_code_for_an_unknown_area()
    {
        using var response = await fixture.CreateClient().GetAsync("/maps/999999.geojson");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, body.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("350802")]
    [InlineData("350802002001")]
    [InlineData("350803")]
    public async Task Area_extent_and_compound_area_match_sql(string code)
    {
        var expected = (await fixture.SqlAsync(
            """
            SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b), a.boundary IS NULL,
                   (SELECT COALESCE(sum(ST_Area(c.boundary::geography, true)), 0) FROM compounds c JOIN areas d ON d.id = c.community_id
                    WHERE d.path = a.path OR d.path LIKE a.path || '/%')
            FROM areas a
            CROSS JOIN LATERAL (SELECT CASE WHEN a.boundary IS NOT NULL THEN ST_Envelope(a.boundary)
                ELSE (SELECT ST_Envelope(ST_Collect(c.boundary)) FROM compounds c JOIN areas d ON d.id = c.community_id
                      WHERE d.path = a.path OR d.path LIKE a.path || '/%') END AS b) x
            WHERE a.code = @code
            """,
            r => (Box: r.IsDBNull(0) ? null : new[] { r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3) }, NoBoundary: r.GetBoolean(4), Sqm: r.GetDouble(5)),
            ("code", code))).Single();
        var area = (await fixture.QueryAsync("query($code: String!) { area(code: $code) { extent compoundAreaSqm } }", new { code })).GetProperty("area");

        double[]? extent = area.GetProperty("extent").ValueKind == JsonValueKind.Null ? null : [.. area.GetProperty("extent").EnumerateArray().Select(v => v.GetDouble())];
        Assert.Equal(expected.Box, extent);
        Assert.Equal(expected.Sqm, area.GetProperty("compoundAreaSqm").GetDouble(), 3);
        if (code == "350802002001")
        {
            Assert.True(expected.NoBoundary);
            Assert.True(expected.Sqm > 0);
        }
    }

    [Fact]
    public async Task A_map_of_more_compounds_than_the_setting_is_refused_before_it_is_built_and_points_to_the_tiles()
    {
        var counts = await fixture.SqlAsync(
            """
            SELECT a.code, count(c.id)::int FROM areas a
            JOIN areas d ON d.path = a.path OR d.path LIKE a.path || '/%'
            LEFT JOIN compounds c ON c.community_id = d.id
            WHERE a.code IN ('350802', '350802001001') GROUP BY a.code
            """,
            r => (Code: r.GetString(0), Count: r.GetInt32(1)));
        var district = counts.Single(c => c.Code == "350802").Count;
        var community = counts.Single(c => c.Code == "350802001001").Count;
        Assert.InRange(community, 1, district - 1);
        await using var factory = DatabaseFixture.CreateFactory(fixture.ConnectionString)
            .WithWebHostBuilder(host => host.UseSetting("GeoHub:BattleMap:MaxCompounds", (district - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var client = factory.CreateClient();

        var refused = await client.PostAsync(BattleMap, new { area = "350802" });
        using var maps = await client.GetAsync(new Uri("/maps/350802.geojson", UriKind.Relative));
        using var body = JsonDocument.Parse(await maps.Content.ReadAsStringAsync());
        var smaller = await client.QueryAsync(BattleMap, new { area = "350802001001" });
        var city = await client.PostAsync(BattleMap, new { area = "350800" });
        var unknown = await client.PostAsync(BattleMap, new { area = "999999" });

        Assert.Equal([ErrorCodes.AreaTooLarge], refused.ErrorCodes());
        Assert.Contains("/tiles/compounds/", refused.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, maps.StatusCode);
        Assert.Equal(ErrorCodes.AreaTooLarge, body.RootElement.GetProperty("code").GetString());
        Assert.Equal(community, Features(smaller.GetProperty("battleMap"), "compound").Count);
        Assert.Equal([ErrorCodes.AreaTooLarge], city.ErrorCodes());
        Assert.Equal([ErrorCodes.NotFound], unknown.ErrorCodes());
    }

    [Fact]
    public async Task A_map_of_as_many_compounds_as_the_setting_is_built()
    {
        var district = (await fixture.SqlAsync(
            "SELECT count(*)::int FROM compounds c JOIN areas d ON d.id = c.community_id WHERE d.path LIKE '350800/350802/%'",
            r => r.GetInt32(0))).Single();
        await using var factory = DatabaseFixture.CreateFactory(fixture.ConnectionString)
            .WithWebHostBuilder(host => host.UseSetting("GeoHub:BattleMap:MaxCompounds", district.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var map = await factory.CreateClient().QueryAsync(BattleMap, new { area = "350802" });

        Assert.Equal(district, Features(map.GetProperty("battleMap"), "compound").Count);
    }

    private async Task<List<string?>> StatusesAsync(string asOf)
    {
        var map = (await fixture.QueryAsync(BattleMap, new { area = "350802", asOf })).GetProperty("battleMap");
        return [.. Features(map, "compound").Select(f => f.GetProperty("properties").GetProperty("coverageStatus").GetString())];
    }

    private static List<JsonElement> Features(JsonElement map, string layer) =>
        [.. map.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").GetProperty("layer").GetString() == layer)];

    // Whether compound {compoundId} is covered on @day, by the rule written out (TileTests reads it too).
    internal static string CoveredSql(string compoundId) => $"""
        SELECT 1 FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
        WHERE l.compound_id = {compoundId} AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
          AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day)
        """;

    private Task<List<ExpectedCompound>> ExpectedCompoundsAsync(string area, DateOnly day) => fixture.SqlAsync(
        $"""
        SELECT c.id, c.name, c.households,
               COALESCE((SELECT CASE o.formation WHEN 'Joint' THEN 'JOINT' ELSE 'STANDALONE' END FROM party_organizations o
                         WHERE o.id = (SELECT min(l.organization_id) FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
                                       WHERE l.compound_id = c.id AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
                                         AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day))), 'NONE'),
               (SELECT o.name FROM party_organizations o
                WHERE o.id = (SELECT min(l.organization_id) FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
                              WHERE l.compound_id = c.id AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
                                AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day))),
               EXISTS (SELECT 1 FROM owners_committees k JOIN committee_seats s ON s.committee_id = k.id
                       WHERE k.compound_id = c.id AND k.formed_under_party_lead AND k.formed_on <= @day AND (k.dissolved_on IS NULL OR k.dissolved_on > @day)
                         AND s.party_member_id IS NOT NULL AND s."from" <= @day AND (s.until IS NULL OR s.until > @day)),
               (SELECT count(*)::int FROM agreements g WHERE g.compound_id = c.id AND g.signed_on <= @day AND (g.ended_on IS NULL OR g.ended_on > @day)),
               (SELECT min(ST_Distance(c.boundary::geography, v.location, true)) FROM venues v
                WHERE v.opened_on <= @day AND (v.closed_on IS NULL OR v.closed_on > @day))
        FROM compounds c JOIN areas d ON d.id = c.community_id, areas a
        WHERE a.code = @code AND (d.path = a.path OR d.path LIKE a.path || '/%')
        ORDER BY c.id
        """,
        r => new ExpectedCompound(r.GetInt32(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetBoolean(5), r.GetInt32(6), r.GetDouble(7)),
        ("code", area), ("day", day));
}
