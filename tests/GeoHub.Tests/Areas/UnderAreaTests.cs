using System.Text.Json;
using GeoHub.Access;
using GeoHub.Tests.Fixtures;
using static GeoHub.Tests.Fixtures.DatedMap;

namespace GeoHub.Tests.Areas;

/// <summary>
/// "Under an area" is by whole path segments on every query: district 3508021's path
/// '350800/3508021' starts with 350802's path '350800/350802' but its rows are not under 350802
/// (see <see cref="DatedMap"/>: the trap community holds KT, OT, CT, AT, RT, PT, ET and a meeting).
/// Expectations come from the table in DatedMap and from SQL over the same rows.
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class UnderAreaTests(DatedFixture fixture)
{
    private const string CoverageQuery = """
        query($area: String!, $day: Date) {
          coverage(areaCode: $area, asOf: $day) {
            communities compounds compoundsCovered inServiceMembersReported
            partyOrganizations { total standalone joint startupFundingYuan }
            cadresServing { departmentLevel divisionLevel sectionLevel }
            ownersCommittees { red partyMemberSeats inServicePartyMemberSeats secretariesAsDirectors crossAppointed }
            coBuilding { agreements activities projectsLaunched projectsCompleted }
          }
        }
        """;

    [Fact]
    public async Task Coverage_of_a_district_leaves_out_the_district_whose_code_starts_with_its_code()
    {
        var district = await CoverageAsync(District);
        var trap = await CoverageAsync(TrapDistrict);
        var city = await CoverageAsync("350800");

        Assert.Equal((10, 14), (district.GetProperty("communities").GetInt32(), district.GetProperty("compounds").GetInt32()));
        Assert.Equal((1, 1, 1), (trap.GetProperty("communities").GetInt32(), trap.GetProperty("compounds").GetInt32(), trap.GetProperty("partyOrganizations").GetProperty("total").GetInt32()));
        Assert.Equal((1, 1, 1), (trap.GetProperty("ownersCommittees").GetProperty("red").GetInt32(), trap.GetProperty("coBuilding").GetProperty("agreements").GetInt32(), trap.GetProperty("coBuilding").GetProperty("activities").GetInt32()));
        // The city is exactly its two districts, figure by figure.
        foreach (var (path, value) in Numbers(city, ""))
        {
            Assert.True(Numbers(district, "").Single(n => n.Path == path).Value + Numbers(trap, "").Single(n => n.Path == path).Value == value, $"{path}: city {value}");
        }
    }

    [Fact]
    public async Task Office_space_and_meeting_compliance_of_a_district_leave_it_out()
    {
        fixture.Clock.Today = LastDay;
        Assert.Equal(2, await RoomsAsync(District));
        Assert.Equal(1, await RoomsAsync(TrapDistrict));
        Assert.Equal(3, await RoomsAsync("350800"));

        Assert.DoesNotContain("OT", await ComplianceAsync(District));
        Assert.Contains("OT", await ComplianceAsync("350800"));
    }

    [Fact]
    public async Task The_battle_map_and_venue_gaps_of_a_district_leave_it_out()
    {
        var compounds = await MapCompoundsAsync(District);
        Assert.Equal(Enumerable.Range(1, 14).Select(i => $"K{i}").Order(StringComparer.Ordinal), compounds.Order(StringComparer.Ordinal));
        Assert.Contains("KT", await MapCompoundsAsync("350800"));

        // On the city's map each district outlines the compounds under it.
        var districts = (await fixture.QueryAsync("{ battleMap(areaCode: \"350800\", asOf: \"2019-03-31\") }")).GetProperty("battleMap")
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).Where(p => p.GetProperty("layer").GetString() == "area")
            .ToDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("compounds").GetInt32());
        Assert.Equal(new Dictionary<string, int> { [District] = 14, [TrapDistrict] = 1 }, districts);

        fixture.Clock.Today = LastDay;
        Assert.DoesNotContain("KT", await GapsAsync(District));
        Assert.Contains("KT", await GapsAsync("350800"));
    }

    [Fact]
    public async Task An_areas_compound_area_is_of_the_compounds_under_it()
    {
        var expected = (await fixture.SqlAsync<double>(
            "SELECT sum(ST_Area(boundary::geography)) FROM compounds WHERE id BETWEEN 1 AND 14")).Single();
        var actual = (await fixture.QueryAsync("{ area(code: \"350802\") { compoundAreaSqm } }")).GetProperty("area").GetProperty("compoundAreaSqm").GetDouble();

        Assert.Equal(expected, actual, 3);
    }

    // Every root connection with an areaCode filter goes through UnderArea's EF form.
    [Theory]
    [InlineData("compounds", "where: { areaCode: \"AREA\" }", 14, 15)]
    [InlineData("areas", "where: { within: \"AREA\" }", 12, 16)]
    [InlineData("partyOrganizations", "areaCode: \"AREA\", asOf: \"2019-03-31\"", 4, 5)]
    [InlineData("agreements", "where: { areaCode: \"AREA\" }", 2, 3)]
    [InlineData("projects", "where: { areaCode: \"AREA\" }", 2, 3)]
    [InlineData("activities", "where: { areaCode: \"AREA\" }", 1, 2)]
    [InlineData("meetings", "where: { areaCode: \"AREA\" }", 0, 1)]
    [InlineData("officeSpaces", "where: { areaCode: \"AREA\" }", 3, 4)]
    [InlineData("venues", "where: { areaCode: \"AREA\" }", 3, 3)]
    [InlineData("coBuildingUnits", "where: { areaCode: \"AREA\" }", 1, 1)]
    public async Task Connections_by_area_code_leave_it_out(string field, string arguments, int inDistrict, int inCity)
    {
        Assert.Equal(inDistrict, await TotalAsync(field, arguments.Replace("AREA", District, StringComparison.Ordinal)));
        Assert.Equal(inCity, await TotalAsync(field, arguments.Replace("AREA", "350800", StringComparison.Ordinal)));
    }

    // A caller's areas scope internal data by the same rule, in the EF query filters (the meetings
    // connection) and in hand-written SQL (meeting compliance): an officer of 350802 sees nothing
    // of 3508021, whose path starts with 350802's.
    [Fact]
    public async Task An_officers_internal_data_leaves_out_the_district_whose_code_starts_with_its_own()
    {
        var meetingsUnder = (await fixture.SqlAsync<string>("SELECT a.path FROM meetings m JOIN party_organizations o ON o.id = m.organization_id JOIN areas a ON a.id = o.community_id"))
            .ToList();
        var districtPath = await PathOfAsync(District);
        var trapPath = await PathOfAsync(TrapDistrict);
        Assert.Equal(0, meetingsUnder.Count(p => p == districtPath || p.StartsWith(districtPath + "/", StringComparison.Ordinal)));
        Assert.Equal(1, meetingsUnder.Count(p => p == trapPath || p.StartsWith(trapPath + "/", StringComparison.Ordinal)));

        var officer = new Caller(Role.Officer, [new AreaGrant(District, districtPath)], null, "officer-350802");
        var trapOfficer = new Caller(Role.Officer, [new AreaGrant(TrapDistrict, trapPath)], null, "officer-3508021");
        Assert.Equal(0, await MeetingsSeenAsync(officer));
        Assert.Equal(1, await MeetingsSeenAsync(trapOfficer));

        Assert.DoesNotContain("OT", await ComplianceAsync("350800", officer));
        Assert.Contains("OT", await ComplianceAsync("350800", trapOfficer));
    }

    private async Task<string> PathOfAsync(string code) =>
        (await fixture.SqlAsync("SELECT path FROM areas WHERE code = @code", r => r.GetString(0), ("code", code))).Single();

    private async Task<int> MeetingsSeenAsync(Caller caller)
    {
        var answer = await fixture.ExecuteAsync("{ meetings { totalCount } }", caller: caller);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        return answer.GetProperty("data").GetProperty("meetings").GetProperty("totalCount").GetInt32();
    }

    private async Task<List<string?>> ComplianceAsync(string area, Caller caller)
    {
        var answer = await fixture.ExecuteAsync(
            "query($area: String!) { meetingCompliance(areaCode: $area, year: 2019, behindOnly: false) { organization { name } } }",
            new { area }, caller: caller);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        return [.. answer.GetProperty("data").GetProperty("meetingCompliance").EnumerateArray().Select(r => r.GetProperty("organization").GetProperty("name").GetString())];
    }

    private async Task<JsonElement> CoverageAsync(string area) =>
        (await fixture.QueryAsync(CoverageQuery, new { area, day = DayEdges.Text(LastDay) })).GetProperty("coverage");

    private static IEnumerable<(string Path, double Value)> Numbers(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Numbers(p.Value, path + "." + p.Name)),
        JsonValueKind.Number => [(path, element.GetDouble())],
        _ => [],
    };

    private async Task<int> RoomsAsync(string area) =>
        (await fixture.QueryAsync(
            "query($area: String!) { officeSpaceSummary(areaCode: $area, addedFrom: \"2019-03-01\", addedTo: \"2019-03-01\") { rooms } }",
            new { area })).GetProperty("officeSpaceSummary").GetProperty("rooms").GetInt32();

    private async Task<List<string?>> ComplianceAsync(string area) =>
        [.. (await fixture.QueryAsync(
            "query($area: String!) { meetingCompliance(areaCode: $area, year: 2019, behindOnly: false) { organization { name } } }",
            new { area })).GetProperty("meetingCompliance").EnumerateArray().Select(r => r.GetProperty("organization").GetProperty("name").GetString())];

    private async Task<List<string>> MapCompoundsAsync(string area) =>
        [.. (await fixture.QueryAsync("query($area: String!) { battleMap(areaCode: $area, asOf: \"2019-03-31\") }", new { area })).GetProperty("battleMap")
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("layer").GetString() == "compound").Select(p => p.GetProperty("name").GetString()!)];

    private async Task<List<string?>> GapsAsync(string area) =>
        [.. (await fixture.QueryAsync(
            "query($area: String!) { venueGaps(areaCode: $area, maxDistanceMeters: 1000, first: 1000) { compound { name } } }",
            new { area })).GetProperty("venueGaps").EnumerateArray().Select(g => g.GetProperty("compound").GetProperty("name").GetString())];

    private async Task<int> TotalAsync(string field, string arguments) =>
        (await fixture.QueryAsync($"{{ {field}({arguments}) {{ totalCount }} }}")).GetProperty(field).GetProperty("totalCount").GetInt32();
}
