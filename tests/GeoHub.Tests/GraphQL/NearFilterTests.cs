using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using static GeoHub.Tests.GraphQLClient;

namespace GeoHub.Tests.GraphQL;

/// <summary>The officeSpaces filter and the venues/coBuildingUnits near filters against SQL.</summary>
[Collection(SpatialDatabase.Name)]
public sealed class NearFilterTests(SpatialFixture fixture)
{
    private static readonly object P = new { type = "Point", coordinates = new[] { 117.100, 25.100 } };
    private static readonly object InsideCompound1 = new { type = "Point", coordinates = new[] { 117.001, 25.101 } };
    private static readonly object Line = new { type = "LineString", coordinates = new[] { new[] { 117.0, 25.0 }, new[] { 117.1, 25.1 } } };

    public static TheoryData<string, string> OfficeSpaceFilters() => new()
    {
        { """{ "near": { "point": { "type": "Point", "coordinates": [117.1, 25.1] }, "meters": 1000 } }""",
          "ST_DWithin(o.location, ST_SetSRID(ST_MakePoint(117.1, 25.1), 4326)::geography, 1000)" },
        { """{ "vacant": true }""", "(o.assigned_on IS NULL OR o.assigned_on > @today)" },
        { """{ "vacant": false }""", "o.assigned_on <= @today" },
        { """{ "addedFrom": "2018-07-01", "addedTo": "2019-06-30" }""", "o.added_on BETWEEN DATE '2018-07-01' AND DATE '2019-06-30'" },
        { """{ "areaCode": "350802001000", "vacant": true, "near": { "point": { "type": "Point", "coordinates": [117.1, 25.1] }, "meters": 50000 } }""",
          "a.path LIKE '350800/350802/350802001000%' AND (o.assigned_on IS NULL OR o.assigned_on > @today) AND ST_DWithin(o.location, ST_SetSRID(ST_MakePoint(117.1, 25.1), 4326)::geography, 50000)" },
    };

    [Theory]
    [MemberData(nameof(OfficeSpaceFilters))]
    public async Task Office_space_filters_match_sql(string where, string condition)
    {
        var expected = await fixture.SqlAsync(
            $"SELECT o.id FROM office_spaces o JOIN areas a ON a.id = o.area_id WHERE {condition} ORDER BY o.id", r => r.GetInt32(0), ("today", LongyanDay.Today(TimeProvider.System)));
        var nodes = (await fixture.QueryAsync(
            "query($where: OfficeSpaceFilter) { officeSpaces(where: $where, first: 100) { totalCount nodes { id } } }",
            new { where = System.Text.Json.JsonDocument.Parse(where).RootElement })).GetProperty("officeSpaces");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, nodes.GetProperty("nodes").EnumerateArray().Select(n => IdOf(n.GetProperty("id"))));
        Assert.Equal(expected.Count, nodes.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task An_office_space_exactly_at_the_radius_is_included()
    {
        var exact = (await fixture.SqlAsync(
            "SELECT ST_Distance(location, ST_SetSRID(ST_MakePoint(117.1, 25.1), 4326)::geography) FROM office_spaces WHERE id = 5", r => r.GetDouble(0)))[0];
        const string Query = "query($meters: Float!, $point: GeoJSON!) { officeSpaces(where: { near: { point: $point, meters: $meters } }) { nodes { id } } }";

        var at = (await fixture.QueryAsync(Query, new { meters = exact, point = P })).GetProperty("officeSpaces").GetProperty("nodes");
        var beyond = (await fixture.QueryAsync(Query, new { meters = exact - 0.01, point = P })).GetProperty("officeSpaces").GetProperty("nodes");
        Assert.Contains(at.EnumerateArray(), n => IdOf(n.GetProperty("id")) == 5);
        Assert.DoesNotContain(beyond.EnumerateArray(), n => IdOf(n.GetProperty("id")) == 5);
    }

    [Fact]
    public async Task Venues_and_units_near_a_point_match_sql()
    {
        var venues = await fixture.SqlAsync(
            "SELECT id FROM venues WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(117.1, 25.1), 4326)::geography, 2000) ORDER BY id", r => r.GetInt32(0));
        var units = await fixture.SqlAsync(
            "SELECT id FROM co_building_units WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(117.001, 25.101), 4326)::geography, 700) ORDER BY id", r => r.GetInt32(0));
        var data = await fixture.QueryAsync(
            """
            query($p: GeoJSON!, $q: GeoJSON!) {
              venues(near: { point: $p, meters: 2000 }, first: 100) { nodes { id } }
              coBuildingUnits(near: { point: $q, meters: 700 }, first: 100) { nodes { id } }
            }
            """,
            new { p = P, q = InsideCompound1 });

        Assert.Equal(venues, data.GetProperty("venues").GetProperty("nodes").EnumerateArray().Select(n => IdOf(n.GetProperty("id"))));
        Assert.Equal(units, data.GetProperty("coBuildingUnits").GetProperty("nodes").EnumerateArray().Select(n => IdOf(n.GetProperty("id"))));
        Assert.Equal([1, 2, 3, 4, 5], units);
    }

    [Fact]
    public async Task A_near_filter_with_a_bad_point_or_radius_is_a_coded_error()
    {
        const string Query = "query($near: NearFilter) { venues(near: $near) { nodes { id } } }";
        var badPoint = await fixture.ExecuteAsync(Query, new { near = new { point = Line, meters = 10.0 } });
        var badRadius = await fixture.ExecuteAsync(Query, new { near = new { point = P, meters = -5.0 } });

        Assert.Equal([ErrorCodes.InvalidGeometry], CodesOf(badPoint));
        Assert.Equal([ErrorCodes.InvalidArgument], CodesOf(badRadius));
    }

    [Fact]
    public void Is_within_distance_on_a_geography_column_translates_to_st_dwithin_on_the_spheroid()
    {
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, fixture.DataSource);
        using var db = new GeoHubDb(options.Options);
        var point = GeoJson.Factory.CreatePoint(new Coordinate(117.1, 25.1));
        var meters = 1000.0;

        var sql = db.OfficeSpaces.Where(o => o.Location.IsWithinDistance(point, meters)).ToQueryString();

        // The column stays bare, so its GiST index applies. The parameter takes the column's type
        // (geography): that the call measures metres on the spheroid is shown by
        // An_office_space_exactly_at_the_radius_is_included, where degrees would admit everything.
        Assert.True(sql.Contains("WHERE ST_DWithin(o.location, @point, @meters)", StringComparison.Ordinal), sql);
        Assert.DoesNotContain("::geometry", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_units_page_contract_operation_still_runs()
    {
        var data = await fixture.QueryAsync(File.ReadAllText(Path.Combine(RepoPaths.Operations, "units-page.graphql")), new { first = 10 });
        Assert.Equal(10, data.GetProperty("coBuildingUnits").GetProperty("nodes").GetArrayLength());
        Assert.Equal(87, data.GetProperty("coBuildingUnits").GetProperty("totalCount").GetInt32());
    }
}
