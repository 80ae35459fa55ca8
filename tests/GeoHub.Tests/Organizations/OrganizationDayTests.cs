using System.Text.Json;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;
using static GeoHub.Tests.Fixtures.DatedMap;

namespace GeoHub.Tests.Organizations;

/// <summary>
/// Organisations, their links to compounds and their members' roles are active from their first
/// day until the day before their end, and open-ended ones stay active: on every field that reads
/// them (see <see cref="DatedMap"/>; the days are Before, First, LastDay, End, Later).
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class OrganizationDayTests(DatedFixture fixture)
{
    private const string CoverageQuery = """
        query($area: String!, $day: Date) {
          coverage(areaCode: $area, asOf: $day) { compoundsCovered partyOrganizations { total } cadresServing { sectionLevel divisionLevel } }
        }
        """;

    private const string CompoundQuery = """
        query($id: ID!, $day: Date) { compound(id: $id) { coverageStatus(asOf: $day) partyOrganization(asOf: $day) { name } } }
        """;

    // O1 (formed First, dissolved End) covers K1; O2 (formed First, open) covers K2.
    [Fact]
    public async Task Coverage_counts_an_organisation_from_its_forming_day_until_the_day_before_it_dissolves()
    {
        await DayEdges.AssertAsync("organisations", [0, 2, 2, 1, 1], async day => (await CoverageAsync(OrgCommunity, day)).GetProperty("partyOrganizations").GetProperty("total").GetInt32());
        await DayEdges.AssertAsync("covered compounds", [0, 2, 2, 1, 1], async day => (await CoverageAsync(OrgCommunity, day)).GetProperty("compoundsCovered").GetInt32());
    }

    [Fact]
    public async Task A_compound_is_covered_while_its_organisation_is_active()
    {
        await DayEdges.AssertAsync("K1's status", ["NONE", "STANDALONE", "STANDALONE", "NONE", "NONE"], async day => (await CompoundAsync(1, day)).GetProperty("coverageStatus").GetString());
        await DayEdges.AssertAsync("K1's organisation", [null, "O1", "O1", null, null], async day => Name(await CompoundAsync(1, day)));
        await DayEdges.AssertAsync("K2's status", ["NONE", "STANDALONE", "STANDALONE", "STANDALONE", "STANDALONE"], async day => (await CompoundAsync(2, day)).GetProperty("coverageStatus").GetString());
    }

    [Fact]
    public async Task The_compounds_filter_and_an_organisations_compounds_follow_the_organisations_days()
    {
        await DayEdges.AssertAsync("uncovered compounds", [2, 0, 0, 1, 1], day => UncoveredAsync(OrgCommunity, day));
        await DayEdges.AssertAsync("O1's compounds", [0, 1, 1, 0, 0], day => CompoundsOfAsync(1, day));
        await DayEdges.AssertAsync("O2's compounds", [0, 1, 1, 1, 1], day => CompoundsOfAsync(2, day));
    }

    [Fact]
    public async Task Party_organizations_lists_the_organisations_active_on_the_day()
    {
        await DayEdges.AssertAsync("partyOrganizations", [0, 2, 2, 1, 1], async day => (await fixture.QueryAsync(
            "query($area: String, $day: Date) { partyOrganizations(areaCode: $area, asOf: $day) { totalCount } }",
            new { area = OrgCommunity, day = DayEdges.Text(day) })).GetProperty("partyOrganizations").GetProperty("totalCount").GetInt32());
    }

    // O3 (active throughout) covers K3 from First until End, and K4 from First on.
    [Fact]
    public async Task A_link_covers_its_compound_from_its_first_day_until_the_day_before_it_ends()
    {
        await DayEdges.AssertAsync("covered compounds", [0, 2, 2, 1, 1], async day => (await CoverageAsync(LinkCommunity, day)).GetProperty("compoundsCovered").GetInt32());
        await DayEdges.AssertAsync("K3's status", ["NONE", "JOINT", "JOINT", "NONE", "NONE"], async day => (await CompoundAsync(3, day)).GetProperty("coverageStatus").GetString());
        await DayEdges.AssertAsync("K4's status", ["NONE", "JOINT", "JOINT", "JOINT", "JOINT"], async day => (await CompoundAsync(4, day)).GetProperty("coverageStatus").GetString());
        await DayEdges.AssertAsync("uncovered compounds", [2, 0, 0, 1, 1], day => UncoveredAsync(LinkCommunity, day));
        await DayEdges.AssertAsync("O3's compounds", [0, 2, 2, 1, 1], day => CompoundsOfAsync(3, day));
    }

    [Fact]
    public async Task The_battle_map_colours_compounds_and_counts_areas_by_the_same_days()
    {
        await DayEdges.AssertAsync("K1 on the map", ["NONE", "STANDALONE", "STANDALONE", "NONE", "NONE"], async day => Feature(await BattleMapAsync(day), "K1").GetProperty("coverageStatus").GetString());
        await DayEdges.AssertAsync("K3 on the map", ["NONE", "JOINT", "JOINT", "NONE", "NONE"], async day => Feature(await BattleMapAsync(day), "K3").GetProperty("coverageStatus").GetString());
        await DayEdges.AssertAsync("the organisations' community on the map", [0, 2, 2, 1, 1], async day => Area(await BattleMapAsync(day), OrgCommunity).GetProperty("compoundsCovered").GetInt32());
        await DayEdges.AssertAsync("the links' community on the map", [0, 2, 2, 1, 1], async day => Area(await BattleMapAsync(day), LinkCommunity).GetProperty("compoundsCovered").GetInt32());
    }

    // M1 (section cadre) is secretary of O4 from First until End; M2 (division cadre) from First on.
    [Fact]
    public async Task A_role_makes_its_holder_a_serving_cadre_from_its_first_day_until_the_day_before_it_ends()
    {
        await DayEdges.AssertAsync("section cadres", [0, 1, 1, 0, 0], async day => (await CoverageAsync(RoleCommunity, day)).GetProperty("cadresServing").GetProperty("sectionLevel").GetInt32());
        await DayEdges.AssertAsync("division cadres", [0, 1, 1, 1, 1], async day => (await CoverageAsync(RoleCommunity, day)).GetProperty("cadresServing").GetProperty("divisionLevel").GetInt32());
    }

    // M7, in service, reported back to K12 on First.
    [Fact]
    public async Task An_in_service_member_counts_as_reported_from_the_day_of_reporting()
    {
        await DayEdges.AssertAsync("reported back", [0, 1, 1, 1, 1], async day => (await fixture.QueryAsync(
            "query($area: String!, $day: Date) { coverage(areaCode: $area, asOf: $day) { inServiceMembersReported } }",
            new { area = ProjectCommunity, day = DayEdges.Text(day) })).GetProperty("coverage").GetProperty("inServiceMembersReported").GetInt32());
    }

    // O5 forms on 2019-12-31; O6 lives 2018-01-01 .. 2019-01-01 (gone on New Year's Day); O7 until 2019-01-02.
    [Theory]
    [InlineData(2018, new[] { "O6", "O7" })]
    [InlineData(2019, new[] { "O5", "O7" })]
    [InlineData(2020, new[] { "O5" })]
    public async Task Meeting_compliance_takes_the_organisations_active_on_any_day_of_the_year(int year, string[] organizations)
    {
        var rows = (await fixture.QueryAsync(
            "query($area: String!, $year: Int!) { meetingCompliance(areaCode: $area, year: $year, behindOnly: false) { organization { name } } }",
            new { area = MeetingCommunity, year })).GetProperty("meetingCompliance");

        Assert.Equal(organizations, rows.EnumerateArray().Select(r => r.GetProperty("organization").GetProperty("name").GetString()));
    }

    private async Task<JsonElement> CoverageAsync(string area, DateOnly day) =>
        (await fixture.QueryAsync(CoverageQuery, new { area, day = DayEdges.Text(day) })).GetProperty("coverage");

    private async Task<JsonElement> CompoundAsync(int id, DateOnly day) =>
        (await fixture.QueryAsync(CompoundQuery, new { id = GlobalId.Encode("Compound", id), day = DayEdges.Text(day) })).GetProperty("compound");

    private async Task<int> UncoveredAsync(string area, DateOnly day) =>
        (await fixture.QueryAsync(
            "query($area: String!, $day: Date) { compounds(where: { areaCode: $area, coverageStatus: NONE }, asOf: $day) { totalCount } }",
            new { area, day = DayEdges.Text(day) })).GetProperty("compounds").GetProperty("totalCount").GetInt32();

    private async Task<int> CompoundsOfAsync(int organization, DateOnly day) =>
        (await fixture.QueryAsync(
            "query($id: ID!, $day: Date) { node(id: $id) { ... on PartyOrganization { compounds(asOf: $day) { id } } } }",
            new { id = GlobalId.Encode("PartyOrganization", organization), day = DayEdges.Text(day) })).GetProperty("node").GetProperty("compounds").GetArrayLength();

    private async Task<JsonElement> BattleMapAsync(DateOnly day) =>
        (await fixture.QueryAsync("query($day: Date) { battleMap(areaCode: \"350802001000\", asOf: $day) }", new { day = DayEdges.Text(day) })).GetProperty("battleMap");

    private static string? Name(JsonElement compound) =>
        compound.GetProperty("partyOrganization").ValueKind == JsonValueKind.Null ? null : compound.GetProperty("partyOrganization").GetProperty("name").GetString();

    /// <summary>The properties of the compound feature with this name.</summary>
    internal static JsonElement Feature(JsonElement map, string name) =>
        map.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Single(p => p.GetProperty("layer").GetString() == "compound" && p.GetProperty("name").GetString() == name);

    /// <summary>The properties of the area feature with this code.</summary>
    internal static JsonElement Area(JsonElement map, string code) =>
        map.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Single(p => p.GetProperty("layer").GetString() == "area" && p.GetProperty("code").GetString() == code);
}
