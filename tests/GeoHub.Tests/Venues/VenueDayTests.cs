using System.Text.Json;
using GeoHub.Common;
using GeoHub.GraphQL;
using GeoHub.Tests.BattleMap;
using GeoHub.Tests.Fixtures;
using GeoHub.Tests.Organizations;
using static GeoHub.Tests.Fixtures.DatedMap;

namespace GeoHub.Tests.Venues;

/// <summary>
/// A venue is open from its opening day until the day before it closes; office space is vacant
/// until the day before it is assigned; a booking holds [from, to). On every field that reads
/// them, by asOf or by today (see <see cref="DatedMap"/>: V1 beside K13 opens First and closes
/// End, V3 beside K14 opens First, V2 is open throughout 10 km away).
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class VenueDayTests(DatedFixture fixture)
{
    private const string K13Centre = """{"type":"Point","coordinates":[117.5005,25.1005]}""";

    [Fact]
    public async Task The_battle_map_measures_to_the_nearest_venue_open_that_day_with_and_without_the_nearest_venue_lists()
    {
        var (v1, v2, v3) = (await DistanceAsync(1, 13), await DistanceAsync(2, 13), await DistanceAsync(3, 14));
        var v2FromK14 = await DistanceAsync(2, 14);
        double[] k13 = [v2, v1, v1, v2, v2];
        double[] k14 = [v2FromK14, v3, v3, v3, v3];

        await FillListsAsync();
        await AssertDistancesAsync("with the lists", k13, k14);
        await fixture.SqlAsync<int>("DELETE FROM compound_nearest_venues WHERE compound_id IN (13, 14) RETURNING 1");
        await AssertDistancesAsync("by the live search", k13, k14);
        await FillListsAsync();
    }

    [Fact]
    public async Task Venue_gaps_count_only_the_venues_open_today()
    {
        await DayEdges.AssertAsync("gaps", ["K14,K13", "", "", "K13", "K13"], async day =>
            string.Join(",", (await GapsAsync(day, null)).EnumerateArray().Select(g => g.GetProperty("compound").GetProperty("name").GetString())));
    }

    [Fact]
    public async Task Vacant_venues_are_those_open_on_every_day_the_period_touches()
    {
        await DayEdges.AssertAsync("vacant in the afternoon", ["", "V1", "V1", "", ""], day =>
            VacantAsync($"{DayEdges.Text(day)}T14:00:00+08:00", $"{DayEdges.Text(day)}T15:00:00+08:00"));
        // A period ending at midnight does not touch the next day; one a minute longer does.
        Assert.Equal("V1", await VacantAsync("2019-03-31T23:00:00+08:00", "2019-04-01T00:00:00+08:00"));
        Assert.Equal("", await VacantAsync("2019-03-31T23:00:00+08:00", "2019-04-01T00:01:00+08:00"));
        Assert.Equal("", await VacantAsync("2019-02-28T23:00:00+08:00", "2019-03-01T00:00:00+08:00"));
        Assert.Equal("V1", await VacantAsync("2019-03-01T00:00:00+08:00", "2019-03-01T01:00:00+08:00"));
    }

    [Fact]
    public async Task The_venues_tile_says_open_from_the_opening_day_until_the_day_before_closing()
    {
        var (x, y) = TileOf(117.5015, 25.1005, 12);
        var client = fixture.CreateClient();
        await DayEdges.AssertAsync("V1 open on the tile", [false, true, true, false, false], async day =>
        {
            var tile = await client.GetByteArrayAsync(new Uri($"/tiles/venues/12/{x}/{y}.mvt?asOf={DayEdges.Text(day)}", UriKind.Relative));
            return (bool)Mvt.Features(tile, "venues").Single(f => (string)f.Tags["name"] == "V1").Tags["open"];
        });
        // Without asOf, the tile is of today.
        fixture.Clock.Today = End;
        var today = await client.GetByteArrayAsync(new Uri($"/tiles/venues/12/{x}/{y}.mvt", UriKind.Relative));
        Assert.False((bool)Mvt.Features(today, "venues").Single(f => (string)f.Tags["name"] == "V1").Tags["open"]);
    }

    // R1 added First, assigned End; R2 added First, never assigned.
    [Fact]
    public async Task Office_space_is_vacant_until_the_day_before_it_is_assigned()
    {
        await DayEdges.AssertAsync("vacant rooms in the summary", [2, 2, 2, 1, 1], async day => (await SummaryAsync(day, First, First)).GetProperty("vacantRooms").GetInt32());
        await DayEdges.AssertAsync("officeSpaces(vacant: true)", [2, 2, 2, 1, 1], day => OfficeSpacesAsync(day, vacant: true));
        await DayEdges.AssertAsync("officeSpaces(vacant: false)", [0, 0, 0, 1, 1], day => OfficeSpacesAsync(day, vacant: false));
        await DayEdges.AssertAsync("R1 vacant", [true, true, true, false, false], async day => (await fixture.QueryAsync(
            "query($id: ID!, $day: Date) { node(id: $id) { ... on OfficeSpace { vacant(asOf: $day) } } }",
            new { id = GlobalId.Encode("OfficeSpace", 1), day = DayEdges.Text(day) })).GetProperty("node").GetProperty("vacant").GetBoolean());
        // Counting only street-level venues, K13 is a gap every day; its candidates are the vacant rooms.
        await DayEdges.AssertAsync("K13's candidate rooms", ["R1,R2,R3", "R1,R2", "R1,R2", "R2,R3", "R2,R3"], async day =>
        {
            var gap = (await GapsAsync(day, "STREET")).EnumerateArray().Single(g => g.GetProperty("compound").GetProperty("name").GetString() == "K13");
            return string.Join(",", gap.GetProperty("candidateOfficeSpaces").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        });
    }

    // R3 (in the venue community, added 2019-01-15) is assigned on First and released on End.
    [Fact]
    public async Task Office_space_is_assigned_from_its_assignment_until_the_day_before_its_release()
    {
        await DayEdges.AssertAsync("R3 vacant", [true, false, false, true, true], async day => (await fixture.QueryAsync(
            "query($id: ID!, $day: Date) { node(id: $id) { ... on OfficeSpace { vacant(asOf: $day) } } }",
            new { id = GlobalId.Encode("OfficeSpace", 3), day = DayEdges.Text(day) })).GetProperty("node").GetProperty("vacant").GetBoolean());
        await DayEdges.AssertAsync("R3 in officeSpaces(vacant: true)", [1, 0, 0, 1, 1], async day =>
        {
            fixture.Clock.Today = day;
            return (await fixture.QueryAsync(
                "query($area: String) { officeSpaces(where: { areaCode: $area, vacant: true }) { totalCount } }",
                new { area = VenueCommunity })).GetProperty("officeSpaces").GetProperty("totalCount").GetInt32();
        });
        await DayEdges.AssertAsync("R3 in officeSpaces(vacant: false)", [0, 1, 1, 0, 0], async day =>
        {
            fixture.Clock.Today = day;
            return (await fixture.QueryAsync(
                "query($area: String) { officeSpaces(where: { areaCode: $area, vacant: false }) { totalCount } }",
                new { area = VenueCommunity })).GetProperty("officeSpaces").GetProperty("totalCount").GetInt32();
        });
        await DayEdges.AssertAsync("R3 vacant in the summary", [1, 0, 0, 1, 1], async day =>
        {
            fixture.Clock.Today = day;
            return (await fixture.QueryAsync(
                "query($area: String!) { officeSpaceSummary(areaCode: $area, addedFrom: \"2019-01-15\", addedTo: \"2019-01-15\") { vacantRooms } }",
                new { area = VenueCommunity })).GetProperty("officeSpaceSummary").GetProperty("vacantRooms").GetInt32();
        });
    }

    [Theory]
    [InlineData("2019-03-01", "2019-03-01", 2)]
    [InlineData("2019-02-28", "2019-03-01", 2)]
    [InlineData("2019-03-01", "2019-03-31", 2)]
    [InlineData("2019-02-01", "2019-02-28", 0)]
    [InlineData("2019-03-02", "2019-03-31", 0)]
    public async Task The_summary_counts_rooms_added_on_either_end_of_the_period(string from, string to, int rooms)
    {
        var summary = await SummaryAsync(First, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(rooms, summary.GetProperty("rooms").GetInt32());
    }

    // V1 is booked 2019-03-10 09:00–11:00 (+08): a period touching either end is free.
    [Theory]
    [InlineData("08:00", "09:00", true)]
    [InlineData("08:00", "09:01", false)]
    [InlineData("10:59", "12:00", false)]
    [InlineData("11:00", "12:00", true)]
    public async Task A_booking_holds_its_venue_from_its_start_until_just_before_its_end(string from, string to, bool vacant)
    {
        var (start, end) = ($"2019-03-10T{from}:00+08:00", $"2019-03-10T{to}:00+08:00");
        Assert.Equal(vacant ? "V1" : "", await VacantAsync(start, end));

        var overlapping = (await fixture.QueryAsync(
            "query($v: ID!, $from: DateTime, $to: DateTime) { bookings(where: { venueId: $v, from: $from, to: $to }) { totalCount } }",
            new { v = GlobalId.Encode("Venue", 1), from = start, to = end })).GetProperty("bookings").GetProperty("totalCount").GetInt32();
        Assert.Equal(vacant ? 0 : 1, overlapping);
    }

    [Theory]
    [InlineData("2019-03-10T11:00:00+08:00", null, 0)]
    [InlineData("2019-03-10T10:59:00+08:00", null, 1)]
    [InlineData(null, "2019-03-10T09:00:00+08:00", 0)]
    [InlineData(null, "2019-03-10T09:01:00+08:00", 1)]
    public async Task The_bookings_filter_with_one_end_open_keeps_the_ends_half_open(string? from, string? to, int count)
    {
        var overlapping = (await fixture.QueryAsync(
            "query($v: ID!, $from: DateTime, $to: DateTime) { bookings(where: { venueId: $v, from: $from, to: $to }) { totalCount } }",
            new { v = GlobalId.Encode("Venue", 1), from, to })).GetProperty("bookings").GetProperty("totalCount").GetInt32();

        Assert.Equal(count, overlapping);
    }

    private async Task AssertDistancesAsync(string how, double[] k13, double[] k14)
    {
        foreach (var (day, i) in Days.Select((d, i) => (d, i)))
        {
            var map = (await fixture.QueryAsync("query($day: Date) { battleMap(areaCode: \"350802001008\", asOf: $day) }", new { day = DayEdges.Text(day) })).GetProperty("battleMap");
            Assert.True(Math.Abs(k13[i] - OrganizationDayTests.Feature(map, "K13").GetProperty("venueDistanceMeters").GetDouble()) < 0.01, $"K13 {how} on {day}");
            Assert.True(Math.Abs(k14[i] - OrganizationDayTests.Feature(map, "K14").GetProperty("venueDistanceMeters").GetDouble()) < 0.01, $"K14 {how} on {day}");
        }
    }

    private async Task<double> DistanceAsync(int venue, int compound) =>
        (await fixture.SqlAsync<double>($"SELECT ST_Distance(v.location, c.boundary::geography) FROM venues v, compounds c WHERE v.id = {venue} AND c.id = {compound}")).Single();

    private async Task FillListsAsync()
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await VenueReach.FillAsync(connection, transaction);
        await transaction.CommitAsync();
    }

    private async Task<JsonElement> GapsAsync(DateOnly today, string? minVenueLevel)
    {
        fixture.Clock.Today = today;
        return (await fixture.QueryAsync(
            "query($area: String!, $level: VenueLevel) { venueGaps(areaCode: $area, maxDistanceMeters: 1000, minVenueLevel: $level) { compound { name } candidateOfficeSpaces { name } } }",
            new { area = VenueCommunity, level = minVenueLevel })).GetProperty("venueGaps");
    }

    private async Task<string> VacantAsync(string from, string to)
    {
        var venues = (await fixture.QueryAsync(
            "query($near: GeoJSON!, $from: DateTime!, $to: DateTime!) { vacantVenues(near: $near, withinMeters: 1000, from: $from, to: $to) { venue { name } } }",
            $$"""{"near":{{K13Centre}},"from":"{{from}}","to":"{{to}}"}""")).GetProperty("vacantVenues");
        return string.Join(",", venues.EnumerateArray().Select(v => v.GetProperty("venue").GetProperty("name").GetString()));
    }

    private async Task<JsonElement> SummaryAsync(DateOnly today, DateOnly from, DateOnly to)
    {
        fixture.Clock.Today = today;
        return (await fixture.QueryAsync(
            "query($area: String!, $from: Date!, $to: Date!) { officeSpaceSummary(areaCode: $area, addedFrom: $from, addedTo: $to) { rooms vacantRooms } }",
            new { area = OfficeCommunity, from = DayEdges.Text(from), to = DayEdges.Text(to) })).GetProperty("officeSpaceSummary");
    }

    private async Task<int> OfficeSpacesAsync(DateOnly today, bool vacant)
    {
        fixture.Clock.Today = today;
        return (await fixture.QueryAsync(
            "query($area: String, $vacant: Boolean) { officeSpaces(where: { areaCode: $area, vacant: $vacant }) { totalCount } }",
            new { area = OfficeCommunity, vacant })).GetProperty("officeSpaces").GetProperty("totalCount").GetInt32();
    }

    private static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var radians = lat * Math.PI / 180;
        return ((int)Math.Floor((lon + 180) / 360 * n), (int)Math.Floor((1 - (Math.Log(Math.Tan(radians) + (1 / Math.Cos(radians))) / Math.PI)) / 2 * n));
    }
}
