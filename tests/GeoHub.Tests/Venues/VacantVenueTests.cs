using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;
using static GeoHub.Tests.GraphQLClient;

namespace GeoHub.Tests.Venues;

/// <summary>vacantVenues against brute force: every venue's distance and bookings checked in SQL written here.</summary>
[Collection(SpatialDatabase.Name)]
public sealed class VacantVenueTests(SpatialFixture fixture)
{
    private const string Query = """
        query($near: GeoJSON!, $within: Float!, $from: DateTime!, $to: DateTime!, $minCapacity: Int) {
          vacantVenues(near: $near, withinMeters: $within, from: $from, to: $to, minCapacity: $minCapacity) { distanceMeters venue { id } }
        }
        """;

    private static readonly object P = new { type = "Point", coordinates = new[] { 117.100, 25.100 } };

    [Theory]
    [InlineData("2019-06-01T11:00:00+08:00", "2019-06-01T13:00:00+08:00", 3000, 10)]
    [InlineData("2019-06-01T09:30:00+08:00", "2019-06-01T10:00:00+08:00", 3000, 0)]
    [InlineData("2019-06-01T01:00:00Z", "2019-06-01T07:00:00Z", 50000, 30)]
    [InlineData("2019-06-01T11:00:00+08:00", "2019-06-01T13:00:00+08:00", 150, 0)]
    public async Task Vacant_venues_match_brute_force(string from, string to, double within, int minCapacity)
    {
        var expected = await fixture.SqlAsync(
            """
            SELECT v.id, ST_Distance(v.location, ST_SetSRID(ST_MakePoint(117.1, 25.1), 4326)::geography, true)
            FROM venues v
            WHERE v.opened_on <= DATE '2019-06-01' AND (v.closed_on IS NULL OR v.closed_on > DATE '2019-06-01')
              AND v.capacity >= @capacity
              AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.venue_id = v.id AND b.cancelled_at IS NULL
                                AND lower(b.during) < @to::timestamptz AND upper(b.during) > @from::timestamptz)
            """,
            r => (Id: r.GetInt32(0), Distance: r.GetDouble(1)),
            ("capacity", minCapacity), ("from", from), ("to", to));
        var wanted = expected.Where(v => v.Distance <= within).OrderBy(v => v.Distance).ThenBy(v => v.Id).ToList();

        var actual = (await fixture.QueryAsync(Query, new { near = P, within, from, to, minCapacity })).GetProperty("vacantVenues")
            .EnumerateArray().Select(v => (Id: IdOf(v.GetProperty("venue").GetProperty("id")), Distance: v.GetProperty("distanceMeters").GetDouble())).ToList();

        Assert.NotEmpty(wanted);
        Assert.Equal(wanted.Select(v => v.Id), actual.Select(v => v.Id));
        Assert.All(wanted.Zip(actual), pair => Assert.Equal(pair.First.Distance, pair.Second.Distance, 0.01));
    }

    [Fact]
    public async Task Over_11_to_13_only_the_overlapping_booking_closed_new_and_small_venues_are_left_out()
    {
        var ids = await VacantAsync(3000, 10);

        Assert.Contains(1, ids); // booked [9, 11): touches, does not overlap
        Assert.DoesNotContain(2, ids); // booked [12, 14)
        Assert.Contains(3, ids); // its [11, 13) booking is cancelled
        Assert.DoesNotContain(4, ids); // closed
        Assert.DoesNotContain(5, ids); // opens later
        Assert.DoesNotContain(6, ids); // capacity 5
        Assert.Contains(8, ids); // booked [13, 15): touches the end
        Assert.Equal([8, 9], ids.Where(id => id is 8 or 9)); // one point: by id
        Assert.Contains(11, ids); // closes the next day
        Assert.DoesNotContain(10, ids); // 10 km away
    }

    [Fact]
    public async Task A_venue_exactly_at_the_radius_is_included()
    {
        var exact = (await fixture.SqlAsync(
            "SELECT ST_Distance(location, ST_SetSRID(ST_MakePoint(117.1, 25.1), 4326)::geography) FROM venues WHERE id = 7", r => r.GetDouble(0)))[0];

        Assert.Equal(7, (await VacantAsync(exact, 10))[^1]);
        Assert.DoesNotContain(7, await VacantAsync(exact - 0.01, 10));
    }

    [Theory]
    [InlineData("""{ "type": "Polygon", "coordinates": [[[117, 25], [117.1, 25], [117, 25.1], [117, 25]]] }""")]
    [InlineData("""{ "type": "Point", "coordinates": [217.1, 25.1] }""")]
    [InlineData("""{ "type": "Point", "coordinates": [117.1] }""")]
    [InlineData("""{ "type": "Point", "coordinates": ["117.1", "25.1"] }""")]
    [InlineData("""{ "coordinates": [117.1, 25.1] }""")]
    public async Task A_near_that_is_not_a_valid_point_is_an_invalid_geometry_error(string near)
    {
        var answer = await fixture.ExecuteAsync(Query, new
        {
            near = System.Text.Json.JsonDocument.Parse(near).RootElement,
            within = 1000.0,
            from = "2019-06-01T11:00:00+08:00",
            to = "2019-06-01T13:00:00+08:00",
        });
        Assert.Equal([ErrorCodes.InvalidGeometry], CodesOf(answer));
    }

    [Theory]
    [InlineData("2019-06-01T13:00:00+08:00", "2019-06-01T13:00:00+08:00", 1000)]
    [InlineData("2019-06-01T13:00:00+08:00", "2019-06-01T11:00:00+08:00", 1000)]
    [InlineData("2019-06-01T11:00:00+08:00", "2019-06-01T13:00:00+08:00", 0)]
    public async Task An_empty_period_or_radius_is_an_invalid_argument_error(string from, string to, double within)
    {
        var answer = await fixture.ExecuteAsync(Query, new { near = P, within, from, to });
        Assert.Equal([ErrorCodes.InvalidArgument], CodesOf(answer));
    }

    private async Task<List<int>> VacantAsync(double within, int minCapacity) =>
        [.. (await fixture.QueryAsync(Query, new { near = P, within, from = "2019-06-01T11:00:00+08:00", to = "2019-06-01T13:00:00+08:00", minCapacity }))
            .GetProperty("vacantVenues").EnumerateArray().Select(v => IdOf(v.GetProperty("venue").GetProperty("id")))];
}
