using System.Globalization;
using GeoHub.Access;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Coverage;

/// <summary>The rollups as clients ask for them, on the demo map, against SQL written here.</summary>
[Collection(GeoHubDatabase.Name)]
public sealed class CoverageApiTests(GeoHubFixture fixture)
{
    private const string CoveredSql = """
        SELECT count(DISTINCT c.id) FROM compounds c JOIN areas a ON a.id = c.community_id
        JOIN organization_compounds l ON l.compound_id = c.id JOIN party_organizations o ON o.id = l.organization_id
        WHERE (a.path = @path OR a.path LIKE @path || '/%')
          AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
          AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day)
        """;

    private const string CompoundsSql = """
        SELECT count(*) FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.path = @path OR a.path LIKE @path || '/%'
        """;

    [Fact]
    public async Task Coverage_at_the_end_of_2017_is_clearly_lower_than_at_mid_2019()
    {
        const string query = "query($d: Date) { coverage(areaCode: \"350800\", asOf: $d) { compoundsCovered coverageRate } }";
        var client = fixture.CreateClient();
        var before = (await client.QueryAsync(query, new { d = "2017-12-31" })).GetProperty("coverage");
        var after = (await client.QueryAsync(query, new { d = "2019-06-30" })).GetProperty("coverage");

        Assert.Equal(1.0, after.GetProperty("coverageRate").GetDouble());
        Assert.True(before.GetProperty("coverageRate").GetDouble() < 0.7, $"coverage at 2017-12-31 was {before}");
        Assert.Equal(await ScalarAsync(CoveredSql, "350800", new DateOnly(2017, 12, 31)), before.GetProperty("compoundsCovered").GetInt32());
    }

    [Theory]
    [InlineData("350800", "2018-06-30")]
    [InlineData("350802", "2018-03-31")]
    [InlineData("350821", "2019-06-30")]
    public async Task Coverage_by_child_matches_sql_for_every_child_and_adds_up_to_the_parent(string code, string day)
    {
        var asOf = DateOnly.Parse(day, CultureInfo.InvariantCulture);
        var area = (await fixture.CreateClient().QueryAsync(
            File.ReadAllText(Path.Combine(RepoPaths.Operations, "coverage-by-child.graphql")), new { area = code, asOf = day })).GetProperty("area");
        var children = area.GetProperty("children").EnumerateArray().ToList();
        Assert.NotEmpty(children);

        var compounds = 0;
        foreach (var child in children)
        {
            var path = await PathAsync(child.GetProperty("code").GetString()!);
            var coverage = child.GetProperty("coverage");
            Assert.Equal(await ScalarAsync(CompoundsSql, path, asOf), coverage.GetProperty("compounds").GetInt32());
            Assert.Equal(await ScalarAsync(CoveredSql, path, asOf), coverage.GetProperty("compoundsCovered").GetInt32());
            compounds += coverage.GetProperty("compounds").GetInt32();
        }

        Assert.Equal(await ScalarAsync(CompoundsSql, await PathAsync(code), asOf), compounds);
    }

    [Fact]
    public async Task Office_space_summary_matches_sql()
    {
        var summary = (await fixture.CreateClient().QueryAsync(
            "{ officeSpaceSummary(areaCode: \"350802\", addedFrom: \"2018-07-01\", addedTo: \"2019-06-30\") { rooms totalSqm vacantRooms } }"))
            .GetProperty("officeSpaceSummary");
        const string sql = """
            SELECT count(*) FROM office_spaces o JOIN areas a ON a.id = o.area_id
            WHERE (a.path = @path OR a.path LIKE @path || '/%') AND o.added_on BETWEEN DATE '2018-07-01' AND @day
            """;
        Assert.Equal(await ScalarAsync(sql, await PathAsync("350802"), new DateOnly(2019, 6, 30)), summary.GetProperty("rooms").GetInt32());
        Assert.Equal(26900, summary.GetProperty("totalSqm").GetDouble());
    }

    [Fact]
    public async Task Meeting_compliance_lists_exactly_the_organisations_short_of_a_minimum_in_2018()
    {
        // Organisations active all of 2018 have the full minimums; SQL counts their meetings directly.
        const string sql = """
            SELECT o.id FROM party_organizations o JOIN areas a ON a.id = o.community_id
            WHERE (a.path = @path OR a.path LIKE @path || '/%') AND o.formed_on <= DATE '2018-01-01'
              AND (o.dissolved_on IS NULL OR o.dissolved_on > @day)
              AND ((SELECT count(*) FROM meetings m WHERE m.organization_id = o.id AND m.kind = 'BranchCommittee' AND extract(year FROM m.held_on) = 2018) < 4
                OR (SELECT count(*) FROM meetings m WHERE m.organization_id = o.id AND m.kind = 'PartyGroup' AND extract(year FROM m.held_on) = 2018) < 4
                OR (SELECT count(*) FROM meetings m WHERE m.organization_id = o.id AND m.kind = 'GeneralAssembly' AND extract(year FROM m.held_on) = 2018) < 1
                OR (SELECT count(*) FROM meetings m WHERE m.organization_id = o.id AND m.kind = 'PartyLecture' AND extract(year FROM m.held_on) = 2018) < 1)
            ORDER BY o.id
            """;
        List<int> expected = [];
        await using (var command = fixture.DataSource.CreateCommand(sql))
        {
            command.Parameters.AddWithValue("path", await PathAsync("350802"));
            command.Parameters.AddWithValue("day", new DateOnly(2018, 12, 31));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected.Add(reader.GetInt32(0));
            }
        }

        var rows = (await fixture.CreateClient(Role.Admin).QueryAsync(
            "{ meetingCompliance(areaCode: \"350802\", year: 2018) { organization { id formedOn } compliant } }")).GetProperty("meetingCompliance");
        var fullYear = rows.EnumerateArray()
            .Where(r => string.CompareOrdinal(r.GetProperty("organization").GetProperty("formedOn").GetString(), "2018-01-01") <= 0)
            .Select(r => GlobalId.TryDecode(r.GetProperty("organization").GetProperty("id").GetString()!, out _, out var id) ? id : -1)
            .ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, fullYear);
        Assert.All(rows.EnumerateArray(), r => Assert.False(r.GetProperty("compliant").GetBoolean()));
    }

    [Fact]
    public async Task Coverage_of_an_unknown_area_is_a_not_found_error()
    {
        var answer = await fixture.CreateClient().PostAsync("{ coverage(areaCode: \"123456\") { compounds } }");
        Assert.Equal([ErrorCodes.NotFound], answer.ErrorCodes());
    }

    [Fact]
    public async Task Office_space_of_an_unknown_area_is_a_not_found_error()
    {
        var answer = await fixture.CreateClient().PostAsync(
            "{ officeSpaceSummary(areaCode: \"123456\", addedFrom: \"2018-07-01\", addedTo: \"2019-06-30\") { rooms } }");
        Assert.Equal([ErrorCodes.NotFound], answer.ErrorCodes());
    }

    private async Task<string> PathAsync(string code)
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT path FROM areas WHERE code = @code");
        command.Parameters.AddWithValue("code", code);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<int> ScalarAsync(string sql, string path, DateOnly day)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("path", path);
        command.Parameters.AddWithValue("day", day);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
