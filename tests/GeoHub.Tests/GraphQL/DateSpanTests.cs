using System.Globalization;
using System.Net;
using System.Text.Json;
using GeoHub.Common;
using GeoHub.GraphQL;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// Dated inputs outside 1949-10-01 … today + 5 years are INVALID_ARGUMENT on every surface, and
/// nothing is written; the days at the ends are accepted. The database is empty, so an accepted
/// date reaches the resolver and is answered NOT_FOUND for the missing area or venue.
/// </summary>
[Collection(GraphQLHttpServer.Name)]
public sealed class DateSpanTests(GraphQLHttpFixture fixture)
{
    private static string Latest => Day(LongyanDay.Today(TimeProvider.System).AddYears(5));

    private static string AfterLatest => Day(LongyanDay.Today(TimeProvider.System).AddYears(5).AddDays(1));

    public static TheoryData<string, string> Days => new()
    {
        { "1949-10-01", ErrorCodes.NotFound },
        { "1949-09-30", ErrorCodes.InvalidArgument },
        { "0001-01-01", ErrorCodes.InvalidArgument },
        { Latest, ErrorCodes.NotFound },
        { AfterLatest, ErrorCodes.InvalidArgument },
        { "9999-12-31", ErrorCodes.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public async Task A_day_as_a_variable_or_a_literal(string day, string code)
    {
        var asVariable = await fixture.ExecuteAsync("query($day: Date) { coverage(areaCode: \"350800\", asOf: $day) { compounds } }", new { day });
        var asLiteral = await fixture.ExecuteAsync($"{{ coverage(areaCode: \"350800\", asOf: \"{day}\") {{ compounds }} }}");

        Assert.Equal([code], CodesOf(asVariable));
        Assert.Equal([code], CodesOf(asLiteral));
        if (code == ErrorCodes.InvalidArgument)
        {
            Assert.Contains(day, Message(asVariable), StringComparison.Ordinal);
            Assert.Contains("1949-10-01", Message(asVariable), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("0001-01-01T10:00:00+08:00", "0001-01-01T11:00:00+08:00", ErrorCodes.InvalidArgument)]
    [InlineData("1949-09-30T10:00:00+08:00", "1949-09-30T11:00:00+08:00", ErrorCodes.InvalidArgument)]
    [InlineData("2019-07-01T10:00:00+08:00", "9999-01-01T11:00:00+08:00", ErrorCodes.InvalidArgument)]
    [InlineData("2019-07-01T10:00:00+08:00", "2019-07-01T11:00:00+08:00", ErrorCodes.NotFound)]
    public async Task A_booking_outside_the_span_is_refused_and_nothing_is_written(string from, string to, string code)
    {
        var venue = GlobalId.Encode("Venue", 1);
        const string Book = "mutation($venue: ID!, $from: DateTime!, $to: DateTime!) { bookVenue(venueId: $venue, from: $from, to: $to, bookedBy: \"测试\") { id } }";
        var asVariables = await fixture.ExecuteAsync(Book, new { venue, from, to });
        var asLiterals = await fixture.ExecuteAsync($"mutation {{ bookVenue(venueId: \"{venue}\", from: \"{from}\", to: \"{to}\", bookedBy: \"测试\") {{ id }} }}");

        Assert.Equal([code], CodesOf(asVariables).Distinct());
        Assert.Equal([code], CodesOf(asLiterals).Distinct());
        Assert.Equal([0L], await fixture.SqlAsync<long>("SELECT count(*) FROM bookings"));
    }

    [Theory]
    [InlineData(1949, ErrorCodes.NotFound)]
    [InlineData(1948, ErrorCodes.InvalidArgument)]
    [InlineData(9999, ErrorCodes.InvalidArgument)]
    public async Task A_year_outside_the_span_is_refused(int year, string code)
    {
        var compliance = await fixture.ExecuteAsync("query($year: Int!) { meetingCompliance(areaCode: \"350800\", year: $year) { compliant } }", new { year });
        var meetings = await fixture.ExecuteAsync("query($year: Int!) { meetings(where: { year: $year }) { totalCount } }", new { year });

        Assert.Equal([code], CodesOf(compliance));
        Assert.Equal(code == ErrorCodes.NotFound ? [] : [code], CodesOf(meetings));
    }

    [Theory]
    [InlineData("/maps/350800.geojson?asOf=1800-01-01", HttpStatusCode.BadRequest)]
    [InlineData("/tiles/compounds/10/844/438.mvt?asOf=1800-01-01", HttpStatusCode.BadRequest)]
    [InlineData("/tiles/compounds/10/844/438.mvt?asOf=LATER", HttpStatusCode.BadRequest)]
    [InlineData("/maps/350800.geojson?asOf=1949-10-01", HttpStatusCode.NotFound)]
    [InlineData("/tiles/compounds/10/844/438.mvt?asOf=1949-10-01", HttpStatusCode.NoContent)]
    public async Task Map_layers_take_the_same_span(string path, HttpStatusCode status)
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri(path.Replace("LATER", AfterLatest, StringComparison.Ordinal), UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.BadRequest)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(ErrorCodes.InvalidArgument, body.RootElement.GetProperty("code").GetString());
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Message(JsonElement answer) => answer.GetProperty("errors")[0].GetProperty("message").GetString()!;

    private static string[] CodesOf(JsonElement answer) =>
        answer.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!)]
            : [];
}
