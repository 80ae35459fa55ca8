using System.Text.Json;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// A page that asks for totalCount reads it in the page's own statement (Paging, counted), and an
/// empty page falls back to a count of its own: both against SQL on the same filters, on every
/// page forward and backward and past the end, and against totalCount asked without the page.
/// </summary>
[Collection(SpatialDatabase.Name)]
public sealed class CountedPageTests(SpatialFixture fixture)
{
    private static readonly object P = new { type = "Point", coordinates = new[] { 117.1, 25.1 } };

    private const string Query = """
        query($where: CoBuildingUnitFilter, $first: Int, $after: String, $last: Int, $before: String) {
          coBuildingUnits(where: $where, first: $first, after: $after, last: $last, before: $before) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id }
          }
        }
        """;

    public static TheoryData<string, string> Filters() => new()
    {
        { "{}", "true" },
        { """{ "kind": "ENTERPRISE" }""", "u.kind = 'Enterprise'" },
        { """{ "near": { "point": { "type": "Point", "coordinates": [117.05, 25.105] }, "meters": 1500 } }""",
          "ST_DWithin(u.location, ST_SetSRID(ST_MakePoint(117.05, 25.105), 4326)::geography, 1500)" },
        { """{ "areaCode": "350803", "kind": "ENTERPRISE" }""", "a.path LIKE '350800/350803%' AND u.kind = 'Enterprise'" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_page_carries_the_filters_count(string where, string condition)
    {
        var expected = await fixture.SqlAsync(
            $"SELECT u.id FROM co_building_units u JOIN areas a ON a.id = u.area_id WHERE {condition} ORDER BY u.id", r => r.GetInt32(0));
        var filter = JsonDocument.Parse(where).RootElement;

        List<int> forward = [];
        string? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await PageAsync(new { where = filter, first = 7, after });
            Assert.Equal(expected.Count, page.GetProperty("totalCount").GetInt32());
            forward.AddRange(Ids(page));
            if (!page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            {
                after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
                break;
            }

            after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }

        Assert.Equal(expected, forward);

        var last = await PageAsync(new { where = filter, last = 3 });
        Assert.Equal(expected.Count, last.GetProperty("totalCount").GetInt32());
        Assert.Equal(expected.TakeLast(3), Ids(last));

        // Past the end: no rows to carry the count, so it is counted apart.
        if (after is not null)
        {
            var beyond = await PageAsync(new { where = filter, first = 5, after });
            Assert.Empty(Ids(beyond));
            Assert.Equal(expected.Count, beyond.GetProperty("totalCount").GetInt32());
        }

        var empty = await PageAsync(new { where = filter, first = 0 });
        Assert.Equal(expected.Count, empty.GetProperty("totalCount").GetInt32());

        var alone = (await fixture.QueryAsync(
            "query($where: CoBuildingUnitFilter) { coBuildingUnits(where: $where) { totalCount } }", new { where = filter })).GetProperty("coBuildingUnits");
        Assert.Equal(expected.Count, alone.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_filter_matching_nothing_counts_zero()
    {
        var page = await PageAsync(new { where = JsonDocument.Parse("""{ "name": { "eq": "no such unit" } }""").RootElement, first = 5 });
        Assert.Equal((0, 0), (page.GetProperty("totalCount").GetInt32(), Ids(page).Count));
    }

    [Fact]
    public async Task Venues_near_a_point_are_the_sql_rows_with_their_count()
    {
        var expected = await fixture.SqlAsync(
            "SELECT id FROM venues WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(117.1, 25.1), 4326)::geography, 250) ORDER BY id", r => r.GetInt32(0));
        var venues = (await fixture.QueryAsync(
            "query($p: GeoJSON!) { venues(where: { near: { point: $p, meters: 250 } }, first: 2) { totalCount nodes { id name } } }",
            new { p = P })).GetProperty("venues");

        Assert.True(expected.Count > 2, "the fixture has more venues within 250 m than a page holds");
        Assert.Equal(expected.Count, venues.GetProperty("totalCount").GetInt32());
        Assert.Equal(expected.Take(2), Ids(venues));
    }

    private async Task<JsonElement> PageAsync(object variables) =>
        (await fixture.QueryAsync(Query, variables)).GetProperty("coBuildingUnits");

    private static List<int> Ids(JsonElement page) =>
        [.. page.GetProperty("nodes").EnumerateArray().Select(n => GraphQLClient.IdOf(n.GetProperty("id")))];
}
