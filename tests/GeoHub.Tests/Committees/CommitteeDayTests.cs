using System.Text.Json;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;
using GeoHub.Tests.Organizations;
using static GeoHub.Tests.Fixtures.DatedMap;

namespace GeoHub.Tests.Committees;

/// <summary>
/// Owners' committees and their seats are active from their first day until the day before their
/// end, open-ended ones stay active, on every field that reads them (see <see cref="DatedMap"/>).
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class CommitteeDayTests(DatedFixture fixture)
{
    private const string CommitteeQuery = """
        query($id: ID!, $day: Date) { compound(id: $id) { ownersCommittee { red(asOf: $day) seats(asOf: $day) { holderName } } } }
        """;

    // K6: CM1 formed First, dissolved End; K7: CM2 formed First; each with a party member seated since 2000.
    [Fact]
    public async Task A_committee_is_red_from_its_forming_day_until_the_day_before_it_dissolves()
    {
        await DayEdges.AssertAsync("red committees", [0, 2, 2, 1, 1], day => FigureAsync(CommitteeCommunity, day, "red"));
        await DayEdges.AssertAsync("party-member seats", [0, 2, 2, 1, 1], day => FigureAsync(CommitteeCommunity, day, "partyMemberSeats"));
        await DayEdges.AssertAsync("CM1 red", [false, true, true, false, false], async day => (await CommitteeAsync(6, day)).GetProperty("red").GetBoolean());
        await DayEdges.AssertAsync("CM2 red", [false, true, true, true, true], async day => (await CommitteeAsync(7, day)).GetProperty("red").GetBoolean());
        await DayEdges.AssertAsync("K6 red on the map", [false, true, true, false, false], async day => OrganizationDayTests.Feature(await BattleMapAsync(day), "K6").GetProperty("redCommittee").GetBoolean());
    }

    // K8: CM3 (since 2000) seats M5 from First until End; K9: CM4 seats M6 from First on.
    [Fact]
    public async Task A_seat_is_held_from_its_first_day_until_the_day_before_it_ends()
    {
        await DayEdges.AssertAsync("red committees", [0, 2, 2, 1, 1], day => FigureAsync(SeatCommunity, day, "red"));
        await DayEdges.AssertAsync("party-member seats", [0, 2, 2, 1, 1], day => FigureAsync(SeatCommunity, day, "partyMemberSeats"));
        await DayEdges.AssertAsync("CM3 seats", [0, 1, 1, 0, 0], async day => (await CommitteeAsync(8, day)).GetProperty("seats").GetArrayLength());
        await DayEdges.AssertAsync("CM4 seats", [0, 1, 1, 1, 1], async day => (await CommitteeAsync(9, day)).GetProperty("seats").GetArrayLength());
        await DayEdges.AssertAsync("CM3 red", [false, true, true, false, false], async day => (await CommitteeAsync(8, day)).GetProperty("red").GetBoolean());
        await DayEdges.AssertAsync("K8 red on the map", [false, true, true, false, false], async day => OrganizationDayTests.Feature(await BattleMapAsync(day), "K8").GetProperty("redCommittee").GetBoolean());
        await DayEdges.AssertAsync("K9 red on the map", [false, true, true, true, true], async day => OrganizationDayTests.Feature(await BattleMapAsync(day), "K9").GetProperty("redCommittee").GetBoolean());
    }

    private async Task<int> FigureAsync(string area, DateOnly day, string figure) =>
        (await fixture.QueryAsync(
            "query($area: String!, $day: Date) { coverage(areaCode: $area, asOf: $day) { ownersCommittees { red partyMemberSeats } } }",
            new { area, day = DayEdges.Text(day) })).GetProperty("coverage").GetProperty("ownersCommittees").GetProperty(figure).GetInt32();

    private async Task<JsonElement> CommitteeAsync(int compound, DateOnly day) =>
        (await fixture.QueryAsync(CommitteeQuery, new { id = GlobalId.Encode("Compound", compound), day = DayEdges.Text(day) }))
            .GetProperty("compound").GetProperty("ownersCommittee");

    private async Task<JsonElement> BattleMapAsync(DateOnly day) =>
        (await fixture.QueryAsync("query($day: Date) { battleMap(areaCode: \"350802001000\", asOf: $day) }", new { day = DayEdges.Text(day) })).GetProperty("battleMap");
}
