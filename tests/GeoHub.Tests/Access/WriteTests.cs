using GeoHub.Access;
using GeoHub.GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Access;

/// <summary>Every mutation under every tester: refused ones FORBIDDEN with the rows as they were, and each in the audit log.</summary>
[Collection(AccessDatabase.Name)]
public sealed class WriteTests(AccessFixture fixture) : IAsyncLifetime
{
    private const string Book = """
        mutation($venue: ID!, $from: DateTime!, $to: DateTime!) {
          bookVenue(venueId: $venue, from: $from, to: $to, bookedBy: "王建国", purpose: "access test") { id bookedBy }
        }
        """;

    private const string Cancel = "mutation($id: ID!) { cancelBooking(id: $id) { id cancelledAt } }";

    private AccessMap map = null!;

    public async Task InitializeAsync() => map = await AccessMap.ReadAsync(fixture);

    public Task DisposeAsync() => fixture.RunSqlAsync("DELETE FROM bookings WHERE purpose IN ('access test', 'to cancel')");

    public static TheoryData<Tester> Testers() => [.. Enum.GetValues<Tester>()];

    private static bool Writes(Tester tester) => tester is Tester.OfficerOfCommunity or Tester.Unit or Tester.Admin;

    private Task<long> CountAsync(string sql) => fixture.SqlAsync<long>(sql).ContinueWith(t => t.Result[0], TaskScheduler.Default);

    [Theory]
    [MemberData(nameof(Testers))]
    public async Task Booking_a_venue_of_the_community(Tester tester)
    {
        var slot = 1 + (int)tester;
        var before = await CountAsync("SELECT count(*) FROM bookings");
        var answer = await map.Client(fixture, tester).PostAsync(Book, new
        {
            venue = GlobalId.Encode("Venue", map.VenueId),
            from = $"2029-0{slot}-01T09:00:00+08:00",
            to = $"2029-0{slot}-01T10:00:00+08:00",
        });
        var after = await CountAsync("SELECT count(*) FROM bookings");
        if (!Writes(tester))
        {
            Assert.True(answer.ErrorCodes().SequenceEqual([ErrorCodes.Forbidden]), $"{tester}: {answer}");
            Assert.Equal(before, after);
            return;
        }

        Assert.True(answer.ErrorCodes().Count == 0, $"{tester}: {answer}");
        Assert.Equal(before + 1, after);
        Assert.Equal("王建国", answer.GetProperty("data").GetProperty("bookVenue").GetProperty("bookedBy").GetString());
        var unit = await fixture.SqlAsync("SELECT unit_id FROM bookings WHERE purpose = 'access test' AND lower(during) = @from",
            r => r.IsDBNull(0) ? (int?)null : r.GetInt32(0), ("from", new DateTimeOffset(2029, slot, 1, 9, 0, 0, TimeSpan.FromHours(8)).UtcDateTime));
        Assert.Equal(tester == Tester.Unit ? map.UnitId : null, Assert.Single(unit));
    }

    [Theory]
    [MemberData(nameof(Testers))]
    public async Task Cancelling_a_booking_of_the_community_made_by_someone_else(Tester tester)
    {
        var id = (await fixture.SqlAsync<int>($"""
            INSERT INTO bookings (venue_id, during, booked_by, purpose, created_at)
            VALUES ({map.VenueId}, tstzrange('{2050 + (int)tester}-01-01 09:00+08', '{2050 + (int)tester}-01-01 10:00+08', '[)'), '李四', 'to cancel', now())
            RETURNING id
            """))[0];
        var answer = await map.Client(fixture, tester).PostAsync(Cancel, new { id = GlobalId.Encode("Booking", id) });
        var cancelled = await CountAsync($"SELECT count(*) FROM bookings WHERE id = {id} AND cancelled_at IS NOT NULL");
        // A UNIT cancels only its own bookings; this one is not.
        if (tester is Tester.OfficerOfCommunity or Tester.Admin)
        {
            Assert.True(answer.ErrorCodes().Count == 0, $"{tester}: {answer}");
            Assert.Equal(1, cancelled);
        }
        else
        {
            Assert.True(answer.ErrorCodes().SequenceEqual([ErrorCodes.Forbidden]), $"{tester}: {answer}");
            Assert.Equal(0, cancelled);
        }
    }

    [Fact]
    public async Task A_unit_cancels_its_own_booking()
    {
        var unit = map.Client(fixture, Tester.Unit);
        var booked = await unit.QueryAsync(Book, new { venue = GlobalId.Encode("Venue", map.VenueId), from = "2030-01-01T09:00:00+08:00", to = "2030-01-01T10:00:00+08:00" });
        var id = booked.GetProperty("bookVenue").GetProperty("id").GetString();
        var mine = await unit.QueryAsync("{ bookings(where: { from: \"2030-01-01T00:00:00+08:00\", to: \"2030-01-02T00:00:00+08:00\" }) { totalCount nodes { id bookedBy } } }");
        Assert.Equal(id, Assert.Single(mine.GetProperty("bookings").GetProperty("nodes").EnumerateArray()).GetProperty("id").GetString());
        var cancelled = await unit.QueryAsync(Cancel, new { id });
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, cancelled.GetProperty("cancelBooking").GetProperty("cancelledAt").ValueKind);
    }

    [Theory]
    [MemberData(nameof(Testers))]
    public async Task Importing_into_the_community(Tester tester)
    {
        var features = new
        {
            type = "FeatureCollection",
            features = new[]
            {
                new
                {
                    type = "Feature",
                    properties = new { name = "自相交测试小区" },
                    geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { 117.0, 25.0 }, new[] { 117.001, 25.001 }, new[] { 117.001, 25.0 }, new[] { 117.0, 25.001 }, new[] { 117.0, 25.0 } } } },
                },
            },
        };
        var before = await CountAsync("SELECT count(*) FROM compounds");
        var answer = await map.Client(fixture, tester).PostAsync(
            "mutation($c: String!, $f: GeoJSON!) { importCompounds(communityCode: $c, features: $f) { created } }", new { c = map.Community, f = features });
        // The file is a bad one, so the callers allowed to import get as far as its check.
        var expected = tester is Tester.OfficerOfCommunity or Tester.Admin ? ErrorCodes.InvalidGeometry : ErrorCodes.Forbidden;
        Assert.True(answer.ErrorCodes().SequenceEqual([expected]), $"{tester}: {answer}");
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM compounds"));

        await fixture.Factory.Services.GetRequiredService<AuditLog>().DrainAsync();
        var subject = AccessMapSubject(tester);
        var lines = await fixture.SqlAsync(
            "SELECT kind, outcome, area_code FROM audit.audit_log WHERE operation = 'Mutation.importCompounds' AND subject IS NOT DISTINCT FROM @subject::text ORDER BY id DESC LIMIT 1",
            r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), ("subject", (object?)subject ?? DBNull.Value));
        var (kind, outcome, area) = Assert.Single(lines);
        Assert.Equal(expected == ErrorCodes.Forbidden ? "REFUSAL" : "WRITE", kind);
        Assert.Equal(expected, outcome);
        // PUBLIC and VIEWER may write nowhere and are refused before the community is looked at.
        Assert.Equal(tester is Tester.Public or Tester.ViewerOfDistrict ? null : map.Community, area);
    }

    private string? AccessMapSubject(Tester tester) => tester switch
    {
        Tester.Public => null,
        Tester.ViewerOfDistrict => "viewer-350802",
        Tester.OfficerOfCommunity => "officer-" + map.Community,
        Tester.OfficerOfOtherDistrict => "officer-" + map.OtherDistrict,
        Tester.Unit => "unit-" + map.UnitId,
        _ => "admin",
    };
}
