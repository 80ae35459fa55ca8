using GeoHub.Access;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Access;

/// <summary>Lists of internal items hold exactly the caller's, counted by SQL written here.</summary>
[Collection(AccessDatabase.Name)]
public sealed class ScopeTests(AccessFixture fixture)
{
    private static string Under(string path) => $"(a.path = '{path}' OR a.path LIKE '{path}/%')";

    private async Task<string> PathOfAsync(string code) => (await fixture.SqlAsync<string>($"SELECT path FROM areas WHERE code = '{code}'"))[0];

    [Theory]
    [InlineData("350802")]
    [InlineData("350821")]
    public async Task A_viewer_counts_the_bookings_and_meetings_of_its_district_only(string district)
    {
        var path = await PathOfAsync(district);
        var bookings = (await fixture.SqlAsync<long>($"SELECT count(*) FROM bookings b JOIN venues v ON v.id = b.venue_id JOIN areas a ON a.id = v.area_id WHERE {Under(path)} AND b.cancelled_at IS NULL"))[0];
        var meetings = (await fixture.SqlAsync<long>($"SELECT count(*) FROM meetings m JOIN party_organizations o ON o.id = m.organization_id JOIN areas a ON a.id = o.community_id WHERE {Under(path)}"))[0];
        Assert.True(meetings > 0);

        var data = await fixture.CreateClient(Role.Viewer, [district]).QueryAsync("{ bookings { totalCount } meetings { totalCount } }");
        Assert.Equal(bookings, data.GetProperty("bookings").GetProperty("totalCount").GetInt64());
        Assert.Equal(meetings, data.GetProperty("meetings").GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task The_anonymous_is_refused_meetings_and_bookings()
    {
        var answer = await fixture.CreateClient().PostAsync("{ meetings { totalCount } }");
        Assert.Equal([ErrorCodes.Forbidden], answer.ErrorCodes());
    }
}
