using System.Text.Json;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;
using GeoHub.Tests.Organizations;
using static GeoHub.Tests.Fixtures.DatedMap;

namespace GeoHub.Tests.CoBuilding;

/// <summary>
/// Agreements are in force from signing until the day before they end; projects count as launched
/// from their launch day and completed from their completion day; activities from the day held;
/// on every field that reads them, by asOf or by today (see <see cref="DatedMap"/>).
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class CoBuildingDayTests(DatedFixture fixture)
{
    private const string FiguresQuery = """
        query($area: String!, $day: Date) { coverage(areaCode: $area, asOf: $day) { coBuilding { agreements activities projectsLaunched projectsCompleted } } }
        """;

    // U1: A1 with K10 signed First, ended End; A2 with K11 signed First, open.
    [Fact]
    public async Task An_agreement_is_in_force_from_signing_until_the_day_before_it_ends()
    {
        await DayEdges.AssertAsync("agreements in force", [0, 2, 2, 1, 1], day => FigureAsync(AgreementCommunity, day, "agreements"));
        await DayEdges.AssertAsync("agreements(inForceOn)", [0, 2, 2, 1, 1], async day => (await fixture.QueryAsync(
            "query($area: String, $day: Date) { agreements(where: { areaCode: $area, inForceOn: $day }) { totalCount } }",
            new { area = AgreementCommunity, day = DayEdges.Text(day) })).GetProperty("agreements").GetProperty("totalCount").GetInt32());
        await DayEdges.AssertAsync("K10's agreements on the map", [0, 1, 1, 0, 0], async day => OrganizationDayTests.Feature(await BattleMapAsync(day), "K10").GetProperty("agreements").GetInt32());
        await DayEdges.AssertAsync("K11's agreements on the map", [0, 1, 1, 1, 1], async day => OrganizationDayTests.Feature(await BattleMapAsync(day), "K11").GetProperty("agreements").GetInt32());
    }

    // Paired means "an agreement not ended as of today", one signed for later included.
    [Fact]
    public async Task A_unit_and_a_compound_are_paired_until_the_day_before_their_agreement_ends()
    {
        await DayEdges.AssertAsync("K10 paired with U1", [true, true, true, false, false], async day => (await NearbyUnitAsync(10, day)).GetProperty("paired").GetBoolean());
        await DayEdges.AssertAsync("K11 paired with U1", [true, true, true, true, true], async day => (await NearbyUnitAsync(11, day)).GetProperty("paired").GetBoolean());
        await DayEdges.AssertAsync("U1's unpaired compounds", ["", "", "", "K10", "K10"], async day =>
        {
            fixture.Clock.Today = day;
            var compounds = (await fixture.QueryAsync(
                "query($id: ID!) { node(id: $id) { ... on CoBuildingUnit { nearbyCompounds(withinMeters: 1000, unpairedOnly: true) { compound { name } } } } }",
                new { id = GlobalId.Encode("CoBuildingUnit", 1) })).GetProperty("node").GetProperty("nearbyCompounds");
            return string.Join(",", compounds.EnumerateArray().Select(c => c.GetProperty("compound").GetProperty("name").GetString()));
        });
    }

    // P1 launched First, completed End; P2 launched First, open; E1 held First.
    [Fact]
    public async Task Projects_and_activities_count_from_their_day_on()
    {
        await DayEdges.AssertAsync("projects launched", [0, 2, 2, 2, 2], day => FigureAsync(ProjectCommunity, day, "projectsLaunched"));
        await DayEdges.AssertAsync("projects completed", [0, 0, 0, 1, 1], day => FigureAsync(ProjectCommunity, day, "projectsCompleted"));
        await DayEdges.AssertAsync("activities", [0, 1, 1, 1, 1], day => FigureAsync(ProjectCommunity, day, "activities"));
    }

    [Fact]
    public async Task The_completed_filter_reads_completion_as_of_today()
    {
        await DayEdges.AssertAsync("completed", [0, 0, 0, 1, 1], day => ProjectsAsync(day, completed: true));
        await DayEdges.AssertAsync("not completed", [2, 2, 2, 1, 1], day => ProjectsAsync(day, completed: false));
    }

    [Theory]
    [InlineData("2019-03-01", "2019-03-01", 1)]
    [InlineData("2019-02-28", "2019-02-28", 0)]
    [InlineData("2019-03-02", null, 0)]
    [InlineData(null, "2019-02-28", 0)]
    public async Task Activity_and_launch_windows_include_both_ends(string? from, string? to, int count)
    {
        var data = await fixture.QueryAsync(
            """
            query($area: String, $from: Date, $to: Date) {
              activities(where: { areaCode: $area, heldFrom: $from, heldTo: $to }) { totalCount }
              projects(where: { areaCode: $area, launchedFrom: $from, launchedTo: $to }) { totalCount }
            }
            """,
            new { area = ProjectCommunity, from, to });

        Assert.Equal(count, data.GetProperty("activities").GetProperty("totalCount").GetInt32());
        Assert.Equal(2 * count, data.GetProperty("projects").GetProperty("totalCount").GetInt32());
    }

    private async Task<int> FigureAsync(string area, DateOnly day, string figure) =>
        (await fixture.QueryAsync(FiguresQuery, new { area, day = DayEdges.Text(day) })).GetProperty("coverage").GetProperty("coBuilding").GetProperty(figure).GetInt32();

    private async Task<JsonElement> NearbyUnitAsync(int compound, DateOnly day)
    {
        fixture.Clock.Today = day;
        var units = (await fixture.QueryAsync(
            "query($id: ID!) { compound(id: $id) { nearbyCoBuildingUnits(withinMeters: 1000) { paired unit { name } } } }",
            new { id = GlobalId.Encode("Compound", compound) })).GetProperty("compound").GetProperty("nearbyCoBuildingUnits");
        return units.EnumerateArray().Single(u => u.GetProperty("unit").GetProperty("name").GetString() == "U1");
    }

    private async Task<int> ProjectsAsync(DateOnly day, bool completed)
    {
        fixture.Clock.Today = day;
        return (await fixture.QueryAsync(
            "query($area: String, $completed: Boolean) { projects(where: { areaCode: $area, completed: $completed }) { totalCount } }",
            new { area = ProjectCommunity, completed })).GetProperty("projects").GetProperty("totalCount").GetInt32();
    }

    private async Task<JsonElement> BattleMapAsync(DateOnly day) =>
        (await fixture.QueryAsync("query($day: Date) { battleMap(areaCode: \"350802001000\", asOf: $day) }", new { day = DayEdges.Text(day) })).GetProperty("battleMap");
}
