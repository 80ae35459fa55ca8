using System.Globalization;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.GraphQL;

/// <summary>venues, officeSpaces and coBuildingUnits filters on the demo map against SQL over the same rows.</summary>
[Collection(GeoHubDatabase.Name)]
public sealed class PointFilterTests(GeoHubFixture fixture)
{
    // Central 新罗区: about a hundred venues, fifty office rooms and forty units, and rows outside it.
    private static readonly string Window = Json.Polygon((116.95, 25.05), (117.05, 25.05), (117.05, 25.12), (116.95, 25.12), (116.95, 25.05));
    private static readonly string Split = "{\"type\":\"MultiPolygon\",\"coordinates\":[" + Json.Square(116.95, 25.05, 0.03)[32..^1] + "," + Json.Square(117.0, 25.08, 0.03)[32..^1] + "]}";
    private const string Near = """{"point":{"type":"Point","coordinates":[117.0,25.08]},"meters":3000}""";
    private const string NearSql = "ST_DWithin(x.location, ST_SetSRID(ST_MakePoint(117.0, 25.08), 4326)::geography, 3000)";
    private const string InDistrict = "(a.path = '350800/350802' OR a.path LIKE '350800/350802/%')";

    private static string Geo(string json) => $"ST_SetSRID(ST_GeomFromGeoJSON('{json}'), 4326)";

    public static TheoryData<string, string, string> Filters() => new()
    {
        { "venues", "{\"within\":" + Window + "}", $"ST_CoveredBy(x.location::geometry, {Geo(Window)})" },
        { "venues", "{\"within\":" + Split + "}", $"ST_CoveredBy(x.location::geometry, {Geo(Split)})" },
        { "venues", "{\"intersects\":" + Window + ",\"level\":\"COMPOUND\",\"minCapacity\":60}", $"ST_Intersects(x.location::geometry, {Geo(Window)}) AND x.level = 'Compound' AND x.capacity >= 60" },
        { "venues", "{\"near\":" + Near + ",\"name\":{\"contains\":\"红色驿站\"}}", NearSql + " AND x.name LIKE '%红色驿站%'" },
        { "venues", "{\"areaCode\":\"350802\",\"level\":\"STREET\"}", InDistrict + " AND x.level = 'Street'" },
        { "officeSpaces", "{\"within\":" + Window + "}", $"ST_CoveredBy(x.location::geometry, {Geo(Window)})" },
        { "officeSpaces", "{\"intersects\":" + Split + ",\"name\":{\"contains\":\"物业用房\"}}", $"ST_Intersects(x.location::geometry, {Geo(Split)}) AND x.name LIKE '%物业用房%'" },
        { "officeSpaces", "{\"areaCode\":\"350802\",\"near\":" + Near + ",\"addedFrom\":\"2018-01-01\"}", InDistrict + " AND " + NearSql + " AND x.added_on >= DATE '2018-01-01'" },
        { "coBuildingUnits", "{\"within\":" + Window + "}", $"ST_CoveredBy(x.location::geometry, {Geo(Window)})" },
        { "coBuildingUnits", "{\"within\":" + Window + ",\"kind\":\"SOCIAL_ORGANIZATION\"}", $"ST_CoveredBy(x.location::geometry, {Geo(Window)}) AND x.kind = 'SocialOrganization'" },
        { "coBuildingUnits", "{\"near\":" + Near + ",\"name\":{\"startsWith\":\"新罗区\"}}", NearSql + " AND x.name LIKE '新罗区%'" },
        { "coBuildingUnits", "{\"areaCode\":\"350802\",\"intersects\":" + Window + "}", InDistrict + $" AND ST_Intersects(x.location::geometry, {Geo(Window)})" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filters_give_the_rows_sql_gives(string field, string where, string condition) =>
        await FilterAssert.MatchesSqlAsync(fixture, field, FilterType(field), TypeName(field), where,
            $"SELECT x.id FROM {Table(field)} x JOIN areas a ON a.id = x.area_id WHERE {condition} ORDER BY x.id");

    [Theory]
    [InlineData("venues")]
    [InlineData("officeSpaces")]
    [InlineData("coBuildingUnits")]
    public async Task A_point_on_the_edge_of_within_is_included(string field)
    {
        var (id, x, y) = (await fixture.SqlAsync(
            $"SELECT id, ST_X(location::geometry), ST_Y(location::geometry) FROM {Table(field)} ORDER BY id LIMIT 1",
            r => (r.GetInt32(0), r.GetDouble(1), r.GetDouble(2))))[0];
        // The point lies on the square's bottom edge, between its corners.
        var square = Json.Polygon((x - 0.001, y), (x + 0.001, y), (x + 0.001, y + 0.001), (x - 0.001, y + 0.001), (x - 0.001, y));
        var strictly = await fixture.SqlAsync<bool>($"SELECT ST_Within(location::geometry, {Geo(square)}) FROM {Table(field)} WHERE id = {id}");
        Assert.False(strictly[0], "the point should be on the edge, not inside");

        var (within, _) = await FilterAssert.PageAllAsync(fixture, field, FilterType(field), TypeName(field), "{\"within\":" + square + "}");
        var (intersects, _) = await FilterAssert.PageAllAsync(fixture, field, FilterType(field), TypeName(field), "{\"intersects\":" + square + "}");
        Assert.Contains(id, within);
        Assert.Contains(id, intersects);
        Assert.Equal(await fixture.SqlAsync<int>($"SELECT id FROM {Table(field)} WHERE ST_CoveredBy(location::geometry, {Geo(square)}) ORDER BY id"), within);
    }

    [Fact]
    public async Task A_line_between_two_units_intersects_both_and_what_sql_says()
    {
        var ends = await fixture.SqlAsync(
            "SELECT id, ST_X(location::geometry), ST_Y(location::geometry) FROM co_building_units ORDER BY id LIMIT 2",
            r => (Id: r.GetInt32(0), X: r.GetDouble(1), Y: r.GetDouble(2)));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"LineString\",\"coordinates\":[[{ends[0].X},{ends[0].Y}],[{ends[1].X},{ends[1].Y}]]}}");
        var (ids, _) = await FilterAssert.PageAllAsync(fixture, "coBuildingUnits", "CoBuildingUnitFilter", "CoBuildingUnit", "{\"intersects\":" + line + "}");

        Assert.Contains(ends[0].Id, ids);
        Assert.Contains(ends[1].Id, ids);
        await FilterAssert.MatchesSqlAsync(fixture, "coBuildingUnits", "CoBuildingUnitFilter", "CoBuildingUnit", "{\"intersects\":" + line + "}",
            $"SELECT id FROM co_building_units WHERE ST_Intersects(location::geometry, {Geo(line)}) ORDER BY id");
    }

    [Fact]
    public async Task Venues_within_a_compound_boundary_are_the_ones_st_coveredby_gives_for_that_boundary()
    {
        var boundary = (await fixture.SqlAsync<string>(
            "SELECT ST_AsGeoJSON(c.boundary) FROM compounds c WHERE EXISTS (SELECT 1 FROM venues v WHERE v.compound_id = c.id) ORDER BY c.id LIMIT 1"))[0];
        await FilterAssert.MatchesSqlAsync(fixture, "venues", "VenueFilter", "Venue", "{\"within\":" + boundary + "}",
            $"SELECT id FROM venues WHERE ST_CoveredBy(location::geometry, {Geo(boundary)}) ORDER BY id");
    }

    [Fact]
    public async Task The_old_arguments_still_work_and_combine_with_where()
    {
        var expected = await fixture.SqlAsync<int>(
            $"SELECT x.id FROM venues x JOIN areas a ON a.id = x.area_id WHERE {InDistrict} AND {NearSql} AND ST_CoveredBy(x.location::geometry, {Geo(Split)}) ORDER BY x.id");
        var data = await fixture.QueryAsync(
            """
            query($near: NearFilter, $where: VenueFilter, $unitsNear: NearFilter) {
              venues(areaCode: "350802", near: $near, where: $where, first: 500) { totalCount nodes { id } }
              coBuildingUnits(areaCode: "350802", near: $unitsNear, first: 500) { totalCount }
            }
            """,
            $$"""{"near":{{Near}},"where":{"within":{{Split}}},"unitsNear":{{Near}}}""");
        var units = await fixture.SqlAsync<int>($"SELECT x.id FROM co_building_units x JOIN areas a ON a.id = x.area_id WHERE {InDistrict} AND {NearSql}");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, data.GetProperty("venues").GetProperty("nodes").EnumerateArray().Select(n => GlobalId.Decode(n.GetProperty("id").GetString()!, "Venue")));
        Assert.Equal(expected.Count, data.GetProperty("venues").GetProperty("totalCount").GetInt32());
        Assert.Equal(units.Count, data.GetProperty("coBuildingUnits").GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("venues", "within", """{"type":"Polygon","coordinates":[[[117.0,25.1],[117.01,25.11],[117.01,25.1],[117.0,25.11],[117.0,25.1]]]}""", "where.within", "Self-intersection")]
    [InlineData("venues", "within", """{"type":"Point","coordinates":[117.0,25.1]}""", "where.within", "expected a GeoJSON Polygon or MultiPolygon")]
    [InlineData("officeSpaces", "intersects", """{"type":"Polygon","coordinates":[[[117.0,25.1],[117.01,25.1],[117.01,25.11]]]}""", "where.intersects", "not closed")]
    [InlineData("officeSpaces", "within", """{"type":"Polygon","coordinates":[[[217.0,25.1],[217.01,25.1],[217.01,25.11],[217.0,25.1]]]}""", "where.within", "out of range")]
    [InlineData("coBuildingUnits", "near", """{"point":{"type":"LineString","coordinates":[[117.0,25.0],[117.1,25.1]]},"meters":10}""", "where.near.point", "must be a GeoJSON Point")]
    [InlineData("coBuildingUnits", "intersects", """{"type":"Polygon","coordinates":[]}""", "where.intersects", "")]
    public async Task Invalid_geometry_is_an_invalid_geometry_error_naming_the_argument(string field, string key, string value, string argument, string reason)
    {
        var answer = await fixture.ExecuteAsync(
            $"query($where: {FilterType(field)}) {{ {field}(where: $where) {{ totalCount nodes {{ id }} }} }}", $"{{\"where\":{{\"{key}\":{value}}}}}");
        var (codes, message) = FilterAssert.ErrorsOf(answer);
        Assert.Equal([ErrorCodes.InvalidGeometry], codes);
        Assert.Contains(argument, message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    private static string Table(string field) => field switch
    {
        "venues" => "venues",
        "officeSpaces" => "office_spaces",
        _ => "co_building_units",
    };

    private static string FilterType(string field) => TypeName(field) + "Filter";

    private static string TypeName(string field) => field switch
    {
        "venues" => "Venue",
        "officeSpaces" => "OfficeSpace",
        _ => "CoBuildingUnit",
    };
}
