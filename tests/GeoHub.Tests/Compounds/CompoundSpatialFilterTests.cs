using System.Globalization;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.Compounds;

/// <summary>The compounds/areas spatial filters give the rows PostGIS gives for the same predicate.</summary>
[Collection(ImportDatabase.Name)]
public sealed class SpatialFilterTests(ImportFixture fixture)
{
    private const string Compounds = """
        query($where: CompoundFilter) {
          compounds(where: $where, first: 500) { totalCount nodes { id } }
        }
        """;

    private const string Areas = """
        query($where: AreaFilter) {
          areas(where: $where, first: 500) { nodes { code } }
        }
        """;

    // Covers 甲小区 whole and part of 乙小区, nothing of community B.
    private static readonly string Window = Json.Square(117.0005, 25.1005, 0.0055);

    [Fact]
    public async Task Within_gives_the_compounds_st_coveredby_gives()
    {
        var expected = await fixture.SqlAsync<int>($"SELECT id FROM compounds WHERE ST_CoveredBy(boundary, ST_SetSRID(ST_GeomFromGeoJSON('{Window}'), 4326)) ORDER BY id");
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await IdsAsync("{\"where\":{\"within\":" + Window + "}}"));
    }

    [Fact]
    public async Task Intersects_gives_the_compounds_st_intersects_gives()
    {
        var expected = await fixture.SqlAsync<int>($"SELECT id FROM compounds WHERE ST_Intersects(boundary, ST_SetSRID(ST_GeomFromGeoJSON('{Window}'), 4326)) ORDER BY id");
        var within = await fixture.SqlAsync<int>($"SELECT id FROM compounds WHERE ST_CoveredBy(boundary, ST_SetSRID(ST_GeomFromGeoJSON('{Window}'), 4326))");
        Assert.True(expected.Count > within.Count, "the window should cut through a compound");
        Assert.Equal(expected, await IdsAsync("{\"where\":{\"intersects\":" + Window + "}}"));
    }

    [Theory]
    [InlineData(117.009, 25.102, 250)]
    [InlineData(117.009, 25.102, 900)]
    [InlineData(117.0, 25.0, 5)]
    public async Task Near_gives_the_compounds_st_dwithin_on_geography_gives(double lon, double lat, double meters)
    {
        var point = string.Create(CultureInfo.InvariantCulture, $$"""{"type":"Point","coordinates":[{{lon}},{{lat}}]}""");
        var expected = await fixture.SqlAsync<int>(string.Create(CultureInfo.InvariantCulture,
            $"SELECT id FROM compounds WHERE ST_DWithin(boundary::geography, ST_SetSRID(ST_GeomFromGeoJSON('{point}'), 4326)::geography, {meters}) ORDER BY id"));
        var meters2 = meters.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(expected, await IdsAsync("{\"where\":{\"near\":{\"point\":" + point + ",\"meters\":" + meters2 + "}}}"));
    }

    [Fact]
    public async Task Spatial_and_plain_conditions_combine()
    {
        var expected = await fixture.SqlAsync<int>($"""
            SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id
            WHERE ST_Intersects(c.boundary, ST_SetSRID(ST_GeomFromGeoJSON('{Window}'), 4326)) AND c.households >= 150 AND a.path LIKE '350800/350802/%'
            ORDER BY c.id
            """);
        Assert.Single(expected);
        Assert.Equal(expected, await IdsAsync("{\"where\":{\"intersects\":" + Window + ",\"households\":{\"gte\":150},\"areaCode\":\"350802\"}}"));
    }

    [Theory]
    [InlineData("within", """{"type":"Polygon","coordinates":[[[117.0,25.1],[117.01,25.11],[117.01,25.1],[117.0,25.11],[117.0,25.1]]]}""", "Self-intersection")]
    [InlineData("within", """{"type":"Point","coordinates":[117.0,25.1]}""", "expected a GeoJSON Polygon or MultiPolygon")]
    [InlineData("intersects", """{"type":"Polygon","coordinates":[[[217.0,25.1],[217.01,25.1],[217.01,25.11],[217.0,25.1]]]}""", "out of range")]
    [InlineData("intersects", """{"type":"Polygon","coordinates":[[[117.0,25.1],[117.01,25.1],[117.01,25.11]]]}""", "not closed")]
    public async Task Invalid_filter_geometry_is_an_invalid_geometry_error(string argument, string geometry, string reason)
    {
        var answer = await fixture.ExecuteAsync(Compounds, "{\"where\":{\"" + argument + "\":" + geometry + "}}");
        var error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal(ErrorCodes.InvalidGeometry, error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains($"where.{argument}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Near_needs_a_point()
    {
        var answer = await fixture.ExecuteAsync(Compounds, "{\"where\":{\"near\":{\"point\":" + Window + ",\"meters\":10}}}");
        Assert.Equal(ErrorCodes.InvalidGeometry, answer.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Area_filters_give_the_areas_postgis_gives()
    {
        var window = Json.Square(116.99, 25.09, 0.025);
        var coveredBy = await fixture.SqlAsync<string>($"SELECT code FROM areas WHERE ST_CoveredBy(boundary, ST_SetSRID(ST_GeomFromGeoJSON('{window}'), 4326)) ORDER BY code");
        var across = Json.Square(117.008, 25.105, 0.004);
        var intersects = await fixture.SqlAsync<string>($"SELECT code FROM areas WHERE ST_Intersects(boundary, ST_SetSRID(ST_GeomFromGeoJSON('{across}'), 4326)) ORDER BY code");
        Assert.Contains(ImportFixture.CommunityA, coveredBy);
        Assert.Equal([ImportFixture.CommunityA, ImportFixture.CommunityB], intersects);
        Assert.Equal(coveredBy, await AreaCodesAsync("{\"where\":{\"withinGeometry\":" + window + "}}"));
        Assert.Equal(intersects, await AreaCodesAsync("{\"where\":{\"intersects\":" + across + "}}"));
    }

    [Fact]
    public async Task Contract_compound_filters_still_run()
    {
        var operations = File.ReadAllText(Path.Combine(RepoPaths.Operations, "compound-filter.graphql"));
        var byName = await fixture.ExecuteAsync(operations, """{"name":"甲小区"}""", "CompoundsByName");
        Assert.False(byName.TryGetProperty("errors", out var errors), $"errors: {errors}");
        Assert.Equal("350802001001", byName.GetProperty("data").GetProperty("compounds").GetProperty("nodes")[0].GetProperty("community").GetProperty("code").GetString());

        var inArea = await fixture.ExecuteAsync(operations, """{"area":"350802","minHouseholds":100}""", "CompoundsInArea");
        Assert.False(inArea.TryGetProperty("errors", out errors), $"errors: {errors}");
        Assert.Equal(0, inArea.GetProperty("data").GetProperty("compounds").GetProperty("totalCount").GetInt32());
    }

    private async Task<List<int>> IdsAsync(string variables)
    {
        var answer = await fixture.ExecuteAsync(Compounds, variables);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        var connection = answer.GetProperty("data").GetProperty("compounds");
        List<int> ids = [.. connection.GetProperty("nodes").EnumerateArray().Select(n => GlobalId.Decode(n.GetProperty("id").GetString()!, "Compound")).Order()];
        Assert.Equal(ids.Count, connection.GetProperty("totalCount").GetInt32());
        return ids;
    }

    private async Task<List<string>> AreaCodesAsync(string variables)
    {
        var answer = await fixture.ExecuteAsync(Areas, variables);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        return [.. answer.GetProperty("data").GetProperty("areas").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("code").GetString()!).Order(StringComparer.Ordinal)];
    }
}
