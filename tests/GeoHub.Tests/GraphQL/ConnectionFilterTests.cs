using GeoHub.Common;
using GeoHub.GraphQL;

namespace GeoHub.Tests.GraphQL;

/// <summary>The root connections of agreements, projects, activities, meetings, bookings and buildings against SQL on the demo map.</summary>
[Collection(GeoHubDatabase.Name)]
public sealed class ConnectionFilterTests(GeoHubFixture fixture)
{
    private static string Under(string path) => $"(a.path = '{path}' OR a.path LIKE '{path}/%')";

    public static TheoryData<string, string, string, string> Filters() => new()
    {
        { "agreements", "AgreementFilter", """{"areaCode":"350802","inForceOn":"2019-06-30"}""",
          $"SELECT x.id FROM agreements x JOIN areas a ON a.id = x.community_id WHERE {Under("350800/350802")} AND x.signed_on <= DATE '2019-06-30' AND (x.ended_on IS NULL OR x.ended_on > DATE '2019-06-30') ORDER BY x.id" },
        { "agreements", "AgreementFilter", """{"inForceOn":"2018-01-01"}""",
          "SELECT x.id FROM agreements x WHERE x.signed_on <= DATE '2018-01-01' AND (x.ended_on IS NULL OR x.ended_on > DATE '2018-01-01') ORDER BY x.id" },
        { "projects", "ProjectFilter", """{"areaCode":"350823","launchedFrom":"2018-01-01","launchedTo":"2018-12-31"}""",
          $"SELECT x.id FROM projects x JOIN areas a ON a.id = x.community_id WHERE {Under("350800/350823")} AND x.launched_on BETWEEN DATE '2018-01-01' AND DATE '2018-12-31' ORDER BY x.id" },
        { "projects", "ProjectFilter", """{"areaCode":"350824","completed":true}""",
          $"SELECT x.id FROM projects x JOIN areas a ON a.id = x.community_id WHERE {Under("350800/350824")} AND x.completed_on <= @today ORDER BY x.id" },
        { "projects", "ProjectFilter", """{"completed":false}""",
          "SELECT x.id FROM projects x WHERE x.completed_on IS NULL OR x.completed_on > @today ORDER BY x.id" },
        { "activities", "ActivityFilter", """{"areaCode":"350823","heldFrom":"2019-01-01","heldTo":"2019-06-30"}""",
          $"SELECT x.id FROM activities x JOIN areas a ON a.id = x.community_id WHERE {Under("350800/350823")} AND x.held_on BETWEEN DATE '2019-01-01' AND DATE '2019-06-30' ORDER BY x.id" },
        { "meetings", "MeetingFilter", """{"areaCode":"350825","year":2019,"kind":"PARTY_GROUP"}""",
          $"SELECT x.id FROM meetings x JOIN party_organizations o ON o.id = x.organization_id JOIN areas a ON a.id = o.community_id WHERE {Under("350800/350825")} AND x.held_on BETWEEN DATE '2019-01-01' AND DATE '2019-12-31' AND x.kind = 'PartyGroup' ORDER BY x.id" },
        { "bookings", "BookingFilter", """{"from":"2019-06-01T00:00:00+08:00","to":"2019-07-01T00:00:00+08:00"}""",
          "SELECT x.id FROM bookings x WHERE x.during && tstzrange('2019-06-01T00:00:00+08:00', '2019-07-01T00:00:00+08:00', '[)') AND x.cancelled_at IS NULL ORDER BY x.id" },
        { "bookings", "BookingFilter", """{"from":"2019-09-01T00:00:00+08:00","includeCancelled":true,"areaCode":"350802"}""",
          $"SELECT x.id FROM bookings x JOIN venues v ON v.id = x.venue_id JOIN areas a ON a.id = v.area_id WHERE {Under("350800/350802")} AND upper(x.during) > TIMESTAMPTZ '2019-09-01T00:00:00+08:00' ORDER BY x.id" },
        { "bookings", "BookingFilter", """{"to":"2019-04-01T00:00:00+08:00"}""",
          "SELECT x.id FROM bookings x WHERE lower(x.during) < TIMESTAMPTZ '2019-04-01T00:00:00+08:00' AND x.cancelled_at IS NULL ORDER BY x.id" },
        { "buildings", "BuildingFilter", """{"areaCode":"350802007006"}""",
          $"SELECT x.id FROM buildings x JOIN compounds c ON c.id = x.compound_id JOIN areas a ON a.id = c.community_id WHERE {Under("350800/350802/350802007000/350802007006")} ORDER BY x.id" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filters_give_the_rows_sql_gives(string field, string filterType, string where, string sql) =>
        await FilterAssert.MatchesSqlAsync(fixture, field, filterType, TypeName(field), where, sql, ("today", LongyanDay.Today(TimeProvider.System)));

    [Fact]
    public async Task Filters_by_id_give_the_rows_of_that_id()
    {
        var (unit, compound) = (await fixture.SqlAsync(
            "SELECT unit_id, compound_id FROM agreements WHERE compound_id IS NOT NULL ORDER BY id LIMIT 1", r => (r.GetInt32(0), r.GetInt32(1))))[0];
        var organization = (await fixture.SqlAsync<int>("SELECT organization_id FROM meetings ORDER BY id LIMIT 1"))[0];
        var venue = (await fixture.SqlAsync<int>("SELECT venue_id FROM bookings WHERE cancelled_at IS NOT NULL ORDER BY id LIMIT 1"))[0];

        await FilterAssert.MatchesSqlAsync(fixture, "agreements", "AgreementFilter", "Agreement", $$"""{"unitId":"{{GlobalId.Encode("CoBuildingUnit", unit)}}"}""",
            $"SELECT id FROM agreements WHERE unit_id = {unit} ORDER BY id");
        await FilterAssert.MatchesSqlAsync(fixture, "agreements", "AgreementFilter", "Agreement", $$"""{"compoundId":"{{GlobalId.Encode("Compound", compound)}}"}""",
            $"SELECT id FROM agreements WHERE compound_id = {compound} ORDER BY id");
        await FilterAssert.MatchesSqlAsync(fixture, "meetings", "MeetingFilter", "Meeting", $$"""{"organizationId":"{{GlobalId.Encode("PartyOrganization", organization)}}","year":2019}""",
            $"SELECT id FROM meetings WHERE organization_id = {organization} AND extract(year FROM held_on) = 2019 ORDER BY id");
        await FilterAssert.MatchesSqlAsync(fixture, "bookings", "BookingFilter", "Booking", $$"""{"venueId":"{{GlobalId.Encode("Venue", venue)}}","includeCancelled":true}""",
            $"SELECT id FROM bookings WHERE venue_id = {venue} ORDER BY id");
        await FilterAssert.MatchesSqlAsync(fixture, "buildings", "BuildingFilter", "Building", $$"""{"compoundId":"{{GlobalId.Encode("Compound", compound)}}"}""",
            $"SELECT id FROM buildings WHERE compound_id = {compound} ORDER BY id");
    }

    [Theory]
    [InlineData("agreements", "AgreementFilter", "unitId", "Compound")]
    [InlineData("agreements", "AgreementFilter", "compoundId", "CoBuildingUnit")]
    [InlineData("meetings", "MeetingFilter", "organizationId", "Meeting")]
    [InlineData("bookings", "BookingFilter", "venueId", "Booking")]
    [InlineData("buildings", "BuildingFilter", "compoundId", "")]
    public async Task An_id_of_another_type_is_an_invalid_id_error(string field, string filterType, string key, string otherType)
    {
        var id = otherType.Length == 0 ? "not-an-id" : GlobalId.Encode(otherType, 1);
        var answer = await fixture.ExecuteAsync($"query($where: {filterType}) {{ {field}(where: $where) {{ totalCount }} }}", "{\"where\":{\"" + key + "\":\"" + id + "\"}}");
        var (codes, message) = FilterAssert.ErrorsOf(answer);
        Assert.Equal([ErrorCodes.InvalidId], codes);
        Assert.Contains(id, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bookings", "BookingFilter", """{"from":"2019-07-01T00:00:00+08:00","to":"2019-06-01T00:00:00+08:00"}""")]
    [InlineData("meetings", "MeetingFilter", """{"year":0}""")]
    [InlineData("activities", "ActivityFilter", """{"areaCode":"999999"}""")]
    public async Task Bad_arguments_are_coded_errors(string field, string filterType, string where)
    {
        var answer = await fixture.ExecuteAsync($"query($where: {filterType}) {{ {field}(where: $where) {{ totalCount }} }}", $$"""{"where":{{where}}}""");
        Assert.Single(FilterAssert.ErrorsOf(answer).Codes, code => code is ErrorCodes.InvalidArgument or ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Paging_through_activities_gives_every_row_once_in_order()
    {
        const string Where = """{"areaCode":"350823"}""";
        var expected = await fixture.SqlAsync<int>(
            $"SELECT x.id FROM activities x JOIN areas a ON a.id = x.community_id WHERE {Under("350800/350823")} ORDER BY x.id");
        var (ids, total) = await FilterAssert.PageAllAsync(fixture, "activities", "ActivityFilter", "Activity", Where, pageSize: 17);

        Assert.True(expected.Count > 17 * 3, "several pages");
        Assert.Equal(expected, ids);
        Assert.Equal(expected.Count, total);

        var last = (await fixture.QueryAsync(
            "query($where: ActivityFilter) { activities(where: $where, last: 5) { pageInfo { hasPreviousPage hasNextPage } nodes { id } } }",
            Where.Insert(0, "{\"where\":") + "}")).GetProperty("activities");
        Assert.Equal(expected[^5..], last.GetProperty("nodes").EnumerateArray().Select(n => GlobalId.Decode(n.GetProperty("id").GetString()!, "Activity")));
        Assert.True(last.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
    }

    private static string TypeName(string field) => field switch
    {
        "agreements" => "Agreement",
        "projects" => "Project",
        "activities" => "Activity",
        "meetings" => "Meeting",
        "bookings" => "Booking",
        _ => "Building",
    };
}
