using System.Globalization;
using System.Text.Json;
using GeoHub.Coverage;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// progress(areaCode, from, to, every) as the fortnightly review sends it: every point against
/// coverage of its day and against SQL written here; the steps against days worked out by hand.
/// </summary>
[Collection(GeoHubDatabase.Name)]
public sealed class ProgressTests(GeoHubFixture fixture)
{
    private static readonly string Operation = File.ReadAllText(Path.Combine(RepoPaths.Operations, "progress.graphql"));

    private const string CoverageQuery = """
        query($area: String!, $asOf: Date) {
          coverage(areaCode: $area, asOf: $asOf) {
            asOf compounds compoundsCovered coverageRate
            partyOrganizations { total standalone joint }
            inServiceMembersReported
            ownersCommittees { red }
            coBuilding { agreements projectsLaunched projectsCompleted }
          }
        }
        """;

    private const string CoveredSql = """
        SELECT count(DISTINCT c.id) FROM compounds c JOIN areas a ON a.id = c.community_id
        JOIN organization_compounds l ON l.compound_id = c.id JOIN party_organizations o ON o.id = l.organization_id
        WHERE (a.path = @path OR a.path LIKE @path || '/%')
          AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
          AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day)
        """;

    private const string ProjectsLaunchedSql = """
        SELECT count(*) FROM projects p JOIN areas a ON a.id = p.community_id
        WHERE (a.path = @path OR a.path LIKE @path || '/%') AND p.launched_on <= @day
        """;

    [Theory]
    [InlineData("350802", "2017-12-31", "2019-06-30", "MONTH")]
    [InlineData("350800", "2018-01-01", "2018-04-01", "FORTNIGHT")]
    public async Task Every_point_equals_coverage_of_its_day_and_the_sql_count(string area, string from, string to, string every)
    {
        var client = fixture.CreateClient();
        var points = (await client.QueryAsync(Operation, new { area, from, to, every })).GetProperty("progress").EnumerateArray().ToList();
        var path = (await fixture.SqlAsync<string>($"SELECT path FROM areas WHERE code = '{area}'")).Single();

        Assert.Equal(from, points[0].GetProperty("asOf").GetString());
        Assert.Equal(to, points[^1].GetProperty("asOf").GetString());
        foreach (var point in points)
        {
            var day = point.GetProperty("asOf").GetString()!;
            var coverage = (await client.QueryAsync(CoverageQuery, new { area, asOf = day })).GetProperty("coverage");
            Assert.Equal(coverage.GetRawText(), point.GetRawText());

            var asOf = DateOnly.Parse(day, CultureInfo.InvariantCulture);
            Assert.Equal(await CountAsync(CoveredSql, path, asOf), point.GetProperty("compoundsCovered").GetInt32());
            Assert.Equal(await CountAsync(ProjectsLaunchedSql, path, asOf), point.GetProperty("coBuilding").GetProperty("projectsLaunched").GetInt32());
        }

        // The build-up is visible: the series is not one figure repeated.
        Assert.True(points[0].GetProperty("compoundsCovered").GetInt32() < points[^1].GetProperty("compoundsCovered").GetInt32());
    }

    [Theory]
    [InlineData("2019-01-31", "2019-06-30", ProgressInterval.Month, "2019-01-31 2019-02-28 2019-03-31 2019-04-30 2019-05-31 2019-06-30")]
    [InlineData("2019-06-01", "2019-06-30", ProgressInterval.Week, "2019-06-01 2019-06-08 2019-06-15 2019-06-22 2019-06-29 2019-06-30")]
    [InlineData("2019-06-01", "2019-06-29", ProgressInterval.Fortnight, "2019-06-01 2019-06-15 2019-06-29")]
    [InlineData("2018-11-30", "2019-06-30", ProgressInterval.Quarter, "2018-11-30 2019-02-28 2019-05-30 2019-06-30")]
    [InlineData("2019-06-30", "2019-06-30", ProgressInterval.Week, "2019-06-30")]
    public void Steps_start_at_from_end_at_to_and_count_months_from_the_start(string from, string to, ProgressInterval every, string expected)
    {
        var days = ProgressSteps.Days(DateOnly.Parse(from, CultureInfo.InvariantCulture), DateOnly.Parse(to, CultureInfo.InvariantCulture), every);
        Assert.Equal(expected, string.Join(' ', days!.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task A_series_weighs_as_one_coverage_and_a_point_each_so_a_long_city_series_fits_the_public_budget()
    {
        // The ledger answers a series in one pass: 14 fortnightly points of the city (the page's
        // chart) and 131 weekly ones both fit the anonymous caller's cost limit.
        var chart = await fixture.CreateClient().PostAsync(Operation, new { area = "350800", from = "2018-12-30", to = "2019-06-30", every = "FORTNIGHT" });
        Assert.Empty(chart.ErrorCodes());
        Assert.Equal(14, chart.GetProperty("data").GetProperty("progress").GetArrayLength());

        var weekly = await fixture.CreateClient().PostAsync(Operation, new { area = "350800", from = "2017-01-01", to = "2019-06-30", every = "WEEK" });
        Assert.Empty(weekly.ErrorCodes());
        Assert.Equal(ProgressSteps.Days(new DateOnly(2017, 1, 1), new DateOnly(2019, 6, 30), ProgressInterval.Week)!.Count, weekly.GetProperty("data").GetProperty("progress").GetArrayLength());

        // Literals weigh the same as variables: 13 monthly points, not the 53 weekly of the same year.
        var literal = await fixture.CreateClient().PostAsync("{ progress(areaCode: \"350800\", from: \"2018-06-30\", to: \"2019-06-30\", every: MONTH) { asOf } }");
        Assert.Empty(literal.ErrorCodes());
        Assert.Equal(13, literal.GetProperty("data").GetProperty("progress").GetArrayLength());
    }

    [Theory]
    [InlineData("350802", "2019-06-30", "2019-01-01", "MONTH", ErrorCodes.InvalidArgument)]
    [InlineData("350802", "2000-01-01", "2019-06-30", "WEEK", ErrorCodes.InvalidArgument)]
    [InlineData("123456", "2019-01-01", "2019-06-30", "MONTH", ErrorCodes.NotFound)]
    [InlineData("350802", "2019-01-01", "2019-06-30", "DAY", "INVALID_VALUE")]
    public async Task Bad_ranges_are_coded_errors(string area, string from, string to, string every, string code)
    {
        var answer = await fixture.CreateClient().PostAsync(Operation, new { area, from, to, every });
        Assert.Equal([code], answer.ErrorCodes());
        Assert.True(!answer.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null, answer.GetRawText());
    }

    [Fact]
    public async Task The_first_recorded_day_is_the_earliest_day_of_any_fact()
    {
        string[] firsts = [
            "SELECT min(formed_on) FROM party_organizations", "SELECT min(covered_from) FROM organization_compounds",
            "SELECT min(formed_on) FROM owners_committees", "SELECT min(\"from\") FROM committee_seats",
            "SELECT min(reported_on) FROM party_members", "SELECT min(signed_on) FROM agreements",
            "SELECT min(launched_on) FROM projects", "SELECT min(held_on) FROM activities",
            "SELECT min(opened_on) FROM venues", "SELECT min(added_on) FROM office_spaces",
        ];
        var earliest = DateOnly.MaxValue;
        foreach (var sql in firsts)
        {
            var day = (await fixture.SqlAsync<DateOnly?>(sql)).Single();
            earliest = day is { } d && d < earliest ? d : earliest;
        }

        var answer = await fixture.QueryAsync("{ firstRecordedDay }");
        Assert.Equal(earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), answer.GetProperty("firstRecordedDay").GetString());
    }

    private async Task<int> CountAsync(string sql, string path, DateOnly day) =>
        Convert.ToInt32((await fixture.SqlAsync(sql, r => r.GetInt64(0), ("path", path), ("day", day))).Single(), CultureInfo.InvariantCulture);
}
