using System.Text.Json;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;
using static GeoHub.Tests.GraphQLClient;

namespace GeoHub.Tests.Venues;

/// <summary>bookVenue and cancelBooking: the exclusion constraint decides, and errors write nothing.</summary>
[Collection(SpatialDatabase.Name)]
public sealed class BookingTests(SpatialFixture fixture)
{
    private const string Book = """
        mutation($venue: ID!, $from: DateTime!, $to: DateTime!) {
          bookVenue(venueId: $venue, from: $from, to: $to, bookedBy: "测试", purpose: "半月谈") { id from to cancelledAt venue { id } }
        }
        """;

    private const string Cancel = "mutation($id: ID!) { cancelBooking(id: $id) { id cancelledAt } }";

    private static readonly string Venue = GlobalId.Encode("Venue", SpatialMap.BookingVenue);

    [Fact]
    public async Task Touching_bookings_are_allowed_an_overlapping_one_names_the_clash_and_cancelling_frees_the_time()
    {
        var nine = await BookAsync("2019-07-01T09:00:00+08:00", "2019-07-01T11:00:00+08:00");
        var eleven = await BookAsync("2019-07-01T11:00:00+08:00", "2019-07-01T13:00:00+08:00");
        Assert.Equal("2019-07-01T01:00:00Z", nine.GetProperty("from").GetString());
        Assert.Equal("2019-07-01T03:00:00Z", nine.GetProperty("to").GetString());
        Assert.Equal(Venue, eleven.GetProperty("venue").GetProperty("id").GetString());

        var live = await LiveBookingsAsync(SpatialMap.BookingVenue);
        var clash = await fixture.ExecuteAsync(Book, new { venue = Venue, from = "2019-07-01T10:00:00+08:00", to = "2019-07-01T10:30:00+08:00" });
        Assert.Equal([ErrorCodes.BookingConflict], CodesOf(clash));
        var error = clash.GetProperty("errors")[0];
        var nineId = nine.GetProperty("id").GetString()!;
        Assert.Contains(nineId, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("extensions").TryGetProperty("conflictingBooking", out var conflicting), error.ToString());
        Assert.Equal(nineId, conflicting.GetProperty("id").GetString());
        Assert.Equal("2019-07-01T01:00:00Z", conflicting.GetProperty("from").GetString());
        Assert.Equal("2019-07-01T03:00:00Z", conflicting.GetProperty("to").GetString());
        Assert.Equal(live, await LiveBookingsAsync(SpatialMap.BookingVenue));

        var cancelled = (await fixture.QueryAsync(Cancel, new { id = nineId })).GetProperty("cancelBooking");
        Assert.Equal(JsonValueKind.String, cancelled.GetProperty("cancelledAt").ValueKind);
        var again = await BookAsync("2019-07-01T10:00:00+08:00", "2019-07-01T10:30:00+08:00");
        Assert.NotEqual(nineId, again.GetProperty("id").GetString());

        var twice = await fixture.ExecuteAsync(Cancel, new { id = nineId });
        Assert.Equal([ErrorCodes.InvalidArgument], CodesOf(twice));
    }

    [Theory]
    [InlineData("not-an-id", "2019-08-01T09:00:00+08:00", "2019-08-01T10:00:00+08:00", ErrorCodes.InvalidId)]
    [InlineData("Compound:1", "2019-08-01T09:00:00+08:00", "2019-08-01T10:00:00+08:00", ErrorCodes.InvalidId)]
    [InlineData("Venue:999999", "2019-08-01T09:00:00+08:00", "2019-08-01T10:00:00+08:00", ErrorCodes.NotFound)]
    [InlineData("Venue:20", "2019-08-01T10:00:00+08:00", "2019-08-01T10:00:00+08:00", ErrorCodes.InvalidArgument)]
    [InlineData("Venue:20", "2019-08-01T11:00:00+08:00", "2019-08-01T10:00:00+08:00", ErrorCodes.InvalidArgument)]
    public async Task Bad_bookings_are_coded_errors_and_write_nothing(string venue, string from, string to, string code)
    {
        var id = venue.Split(':') is [var type, var number] ? GlobalId.Encode(type, int.Parse(number, System.Globalization.CultureInfo.InvariantCulture)) : venue;
        var before = await AllBookingsAsync();
        var answer = await fixture.ExecuteAsync(Book, new { venue = id, from, to });

        Assert.Equal([code], CodesOf(answer));
        Assert.Equal(before, await AllBookingsAsync());
    }

    [Fact]
    public async Task Cancelling_an_unknown_booking_is_not_found()
    {
        var answer = await fixture.ExecuteAsync(Cancel, new { id = GlobalId.Encode("Booking", 999999) });
        Assert.Equal([ErrorCodes.NotFound], CodesOf(answer));
    }

    [Fact]
    public async Task Of_ten_concurrent_overlapping_bookings_exactly_one_succeeds()
    {
        var venue = GlobalId.Encode("Venue", SpatialMap.ConcurrencyVenue);
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => fixture.ExecuteAsync(Book, new
        {
            venue,
            from = $"2019-09-01T{9 + (i % 3):00}:{i * 5:00}:00+08:00",
            to = "2019-09-01T12:30:00+08:00",
        }))));

        Assert.Single(answers, a => CodesOf(a).Count == 0);
        Assert.Equal(9, answers.Count(a => CodesOf(a).SequenceEqual([ErrorCodes.BookingConflict])));
        Assert.Equal(1, await LiveBookingsAsync(SpatialMap.ConcurrencyVenue));
    }

    private async Task<JsonElement> BookAsync(string from, string to) =>
        (await fixture.QueryAsync(Book, new { venue = Venue, from, to })).GetProperty("bookVenue");

    private async Task<long> LiveBookingsAsync(int venue) =>
        (await fixture.SqlAsync("SELECT count(*) FROM bookings WHERE venue_id = @venue AND cancelled_at IS NULL", r => r.GetInt64(0), ("venue", venue)))[0];

    private async Task<long> AllBookingsAsync() =>
        (await fixture.SqlAsync("SELECT count(*) FROM bookings", r => r.GetInt64(0)))[0];
}
