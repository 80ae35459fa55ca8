using GeoHub.GraphQL;

namespace GeoHub.Tests.Compounds;

[Collection(GeoHubDatabase.Name)]
public sealed class CompoundSearchTests(GeoHubFixture fixture)
{
    private const string Page = """
        query($where: CompoundFilter, $order: [CompoundOrder!], $first: Int, $after: String, $last: Int, $before: String, $asOf: Date) {
          compounds(where: $where, order: $order, first: $first, after: $after, last: $last, before: $before, asOf: $asOf) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { id households } }
          }
        }
        """;

    [Fact]
    public async Task Paging_by_households_visits_every_compound_of_the_area_once_in_sql_order()
    {
        var expected = await SqlIdsAsync("""
            SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id
            WHERE a.path LIKE '350800/350802/%' ORDER BY c.households DESC, c.id
            """);
        var client = fixture.CreateClient();
        List<int> seen = [];
        string? after = null;
        int? total = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = (await client.QueryAsync(Page, new
            {
                where = new { areaCode = "350802" },
                order = new[] { new { households = "DESC" } },
                first = 97,
                after,
            })).GetProperty("compounds");
            total ??= page.GetProperty("totalCount").GetInt32();
            seen.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => IdOf(e.GetProperty("node").GetProperty("id").GetString()!)));
            if (!page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            {
                break;
            }

            after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }

        Assert.True(expected.Count > 200, "the district should hold hundreds of compounds");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Paging_backwards_gives_the_same_rows_as_forwards()
    {
        var client = fixture.CreateClient();
        var order = new[] { new { name = "ASC" } };
        var where = new { areaCode = "350802001000" };
        var forward = (await client.QueryAsync(Page, new { where, order, first = 30 })).GetProperty("compounds");
        var edges = forward.GetProperty("edges").EnumerateArray().ToList();
        var before = edges[20].GetProperty("cursor").GetString();
        var backward = (await client.QueryAsync(Page, new { where, order, last = 10, before })).GetProperty("compounds");

        Assert.Equal(
            edges.Skip(10).Take(10).Select(e => e.GetProperty("node").GetProperty("id").GetString()),
            backward.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()));
        Assert.True(backward.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
    }

    [Fact]
    public async Task Filters_match_the_same_rows_as_sql()
    {
        var expected = await SqlIdsAsync("""
            SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id
            WHERE a.path LIKE '350800/350802/%' AND c.households >= 300 AND c.name LIKE '%小区%'
              AND EXISTS (SELECT 1 FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
                          WHERE l.compound_id = c.id AND o.formation = 'Joint'
                            AND l.covered_from <= DATE '2019-06-30' AND (l.covered_until IS NULL OR l.covered_until > DATE '2019-06-30')
                            AND o.formed_on <= DATE '2019-06-30' AND (o.dissolved_on IS NULL OR o.dissolved_on > DATE '2019-06-30'))
            ORDER BY c.id
            """);
        var page = (await fixture.CreateClient().QueryAsync(Page, new
        {
            where = new { areaCode = "350802", households = new { gte = 300 }, coverageStatus = "JOINT", name = new { contains = "小区" } },
            first = 500,
            asOf = "2019-06-30",
        })).GetProperty("compounds");

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(expected, page.GetProperty("edges").EnumerateArray().Select(e => IdOf(e.GetProperty("node").GetProperty("id").GetString()!)));
    }

    [Fact]
    public async Task Compounds_without_organisation_before_coverage_are_found_by_status_none()
    {
        var expected = await SqlIdsAsync("""
            SELECT c.id FROM compounds c
            WHERE NOT EXISTS (SELECT 1 FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
                              WHERE l.compound_id = c.id
                                AND l.covered_from <= DATE '2017-12-31' AND (l.covered_until IS NULL OR l.covered_until > DATE '2017-12-31')
                                AND o.formed_on <= DATE '2017-12-31' AND (o.dissolved_on IS NULL OR o.dissolved_on > DATE '2017-12-31'))
            ORDER BY c.id
            """);
        var page = (await fixture.CreateClient().QueryAsync(Page, new { where = new { coverageStatus = "NONE" }, first = 1, asOf = "2017-12-31" }))
            .GetProperty("compounds");

        Assert.Equal(expected.Count, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(expected[0], IdOf(page.GetProperty("edges")[0].GetProperty("node").GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task A_cursor_from_elsewhere_is_an_invalid_cursor_error()
    {
        var answer = await fixture.CreateClient().PostAsync(Page, new { first = 5, after = "bm90LWEtY3Vyc29y" });
        Assert.Contains(ErrorCodes.InvalidCursor, answer.ErrorCodes());
    }

    [Fact]
    public async Task An_unknown_area_code_is_a_not_found_error()
    {
        var answer = await fixture.CreateClient().PostAsync(Page, new { where = new { areaCode = "999999" }, first = 5 });
        Assert.Contains(ErrorCodes.NotFound, answer.ErrorCodes());
    }

    [Fact]
    public async Task A_page_larger_than_the_limit_is_an_invalid_argument_error()
    {
        var answer = await fixture.CreateClient().PostAsync(Page, new { first = Paging.MaxPageSize + 1 });
        Assert.Contains(ErrorCodes.InvalidArgument, answer.ErrorCodes());
    }

    private static int IdOf(string globalId) =>
        GlobalId.TryDecode(globalId, out var type, out var id) && type == "Compound" ? id : throw new InvalidOperationException(globalId);

    private async Task<List<int>> SqlIdsAsync(string sql)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        List<int> ids = [];
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }
}
