using System.Net.Http.Json;
using System.Text;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Access;

/// <summary>
/// Every answer searched for the personal text stored in the database (members' names and work
/// units, seat holders' names, who booked), read here by SQL: none where the roles table forbids it.
/// </summary>
[Collection(AccessDatabase.Name)]
public sealed class PersonalTextTests(AccessFixture fixture) : IAsyncLifetime
{
    private AccessMap map = null!;
    private List<string> everywhere = null!;
    private List<string> inCommunity = null!;

    public async Task InitializeAsync()
    {
        map = await AccessMap.ReadAsync(fixture);
        // Text that is also public (an organisation that booked a venue, a work unit that is a
        // co-building unit too) proves nothing by appearing, so it is left out.
        var publicText = string.Join('\n', await fixture.SqlAsync<string>("""
            SELECT name FROM areas UNION ALL SELECT name FROM compounds UNION ALL SELECT name FROM party_organizations
            UNION ALL SELECT name FROM co_building_units UNION ALL SELECT name FROM venues UNION ALL SELECT name FROM office_spaces
            UNION ALL SELECT name FROM property_companies UNION ALL SELECT name FROM owners_committees UNION ALL SELECT name FROM party_groups
            UNION ALL SELECT title FROM agreements UNION ALL SELECT name FROM projects UNION ALL SELECT title FROM activities
            UNION ALL SELECT coalesce(topic, '') FROM meetings UNION ALL SELECT coalesce(address, '') FROM compounds
            """));
        var personal = """
            SELECT DISTINCT t, in_community FROM (
                SELECT m.name AS t, c.community_id = @community AS in_community FROM party_members m JOIN compounds c ON c.id = m.compound_id
                UNION ALL SELECT m.work_unit, c.community_id = @community FROM party_members m JOIN compounds c ON c.id = m.compound_id WHERE m.work_unit IS NOT NULL
                UNION ALL SELECT s.holder_name, c.community_id = @community FROM committee_seats s JOIN owners_committees oc ON oc.id = s.committee_id JOIN compounds c ON c.id = oc.compound_id
                UNION ALL SELECT b.booked_by, v.area_id = @community FROM bookings b JOIN venues v ON v.id = b.venue_id) texts
            """;
        var community = (await fixture.SqlAsync<int>($"SELECT id FROM areas WHERE code = '{map.Community}'"))[0];
        var rows = (await fixture.SqlAsync(personal, r => (Text: r.GetString(0), In: r.GetBoolean(1)), ("community", community)))
            .Where(r => r.Text.Length >= 2 && !publicText.Contains(r.Text, StringComparison.Ordinal))
            .ToList();
        everywhere = [.. rows.Select(r => r.Text).Distinct()];
        inCommunity = [.. rows.Where(r => r.In).Select(r => r.Text).Distinct()];
        Assert.True(everywhere.Count > 1000 && inCommunity.Count > 20, $"{everywhere.Count} texts, {inCommunity.Count} in the community");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string[] Requests() =>
    [
        $$"""{ compounds(where: { areaCode: "{{map.District}}" }, first: 100) { nodes { name ownersCommittee { name red seats { role holderName partyMember { name workUnit } } } } } }""",
        $$"""{ compounds(where: { areaCode: "{{map.Community}}" }, first: 200) { nodes { name ownersCommittee { name red seats { role holderName partyMember { name workUnit category roles { kind } } } } buildings { partyGroup { name } } partyOrganization { name meetings(year: 2019) { topic } } } } }""",
        $$"""{ bookings(where: { areaCode: "{{map.Community}}" }, first: 100) { nodes { bookedBy } } }""",
        $$"""{ bookings(first: 200) { nodes { bookedBy purpose venue { name } } } }""",
        $$"""{ meetingCompliance(areaCode: "{{map.District}}", year: 2019, behindOnly: false) { organization { name } compliant } }""",
        $$"""{ battleMap(areaCode: "{{map.District}}", asOf: "2019-06-30") }""",
        $$"""{ venueGaps(areaCode: "{{map.District}}", maxDistanceMeters: 1000) { compound { name } nearestVenue { name } } }""",
        $$"""{ coverage(areaCode: "{{map.District}}", asOf: "2019-06-30") { compounds ownersCommittees { red partyMemberSeats } } }""",
    ];

    [Theory]
    [InlineData(Tester.Public)]
    [InlineData(Tester.ViewerOfDistrict)]
    [InlineData(Tester.OfficerOfCommunity)]
    [InlineData(Tester.OfficerOfOtherDistrict)]
    [InlineData(Tester.Unit)]
    [InlineData(Tester.Admin)]
    public async Task No_personal_text_where_the_roles_table_forbids_it(Tester tester)
    {
        var client = map.Client(fixture, tester);
        var bodies = new StringBuilder();
        foreach (var query in Requests())
        {
            using var response = await client.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query });
            bodies.Append(await response.Content.ReadAsStringAsync()).Append('\n');
        }

        foreach (var path in new[] { $"/maps/{map.District}.geojson?asOf=2019-06-30", "/tiles/compounds/10/844/438.mvt", "/tiles/venues/10/844/438.mvt", "/tiles/units/10/844/438.mvt" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{tester} {path}: {(int)response.StatusCode}");
            // Tiles are binary, but their strings are UTF-8 as they are.
            bodies.Append(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync())).Append('\n');
        }

        var text = bodies.ToString();
        var allowed = tester switch
        {
            Tester.Admin => everywhere,
            Tester.OfficerOfCommunity => inCommunity,
            _ => [],
        };
        // A name outside the community that is part of one inside it (王金 in 王金华) proves nothing.
        var shown = Substrings(text, everywhere.Max(t => t.Length));
        var leaked = everywhere.Except(allowed)
            .Where(t => shown.Contains(t) && !allowed.Any(a => a.Contains(t, StringComparison.Ordinal)))
            .Take(10).ToList();
        Assert.True(leaked.Count == 0, $"{tester} was shown personal text it may not read: {string.Join(", ", leaked)}");
        if (tester is Tester.Admin or Tester.OfficerOfCommunity)
        {
            // And the readers do read it: the community's seat holders, members and bookers by name.
            Assert.True(inCommunity.Count(shown.Contains) > 10, $"{tester} saw too few of the community's names");
        }
    }

    /// <summary>Every run of up to <paramref name="longest"/> characters inside the text's runs of non-ASCII characters.</summary>
    private static HashSet<string> Substrings(string text, int longest)
    {
        HashSet<string> found = [];
        foreach (System.Text.RegularExpressions.Match run in System.Text.RegularExpressions.Regex.Matches(text, @"[^\x00-\x7F]+"))
        {
            var value = run.Value;
            for (var start = 0; start < value.Length; start++)
            {
                for (var length = 2; length <= longest && start + length <= value.Length; length++)
                {
                    found.Add(value.Substring(start, length));
                }
            }
        }

        return found;
    }

    [Fact]
    public async Task Maps_and_tiles_are_the_same_for_every_caller()
    {
        foreach (var path in new[] { $"/maps/{map.District}.geojson?asOf=2019-06-30", "/tiles/compounds/10/844/438.mvt" })
        {
            var answers = new List<string>();
            foreach (var tester in Enum.GetValues<Tester>())
            {
                var bytes = await map.Client(fixture, tester).GetByteArrayAsync(new Uri(path, UriKind.Relative));
                answers.Add(Convert.ToBase64String(bytes));
            }

            Assert.Single(answers.Distinct());
        }
    }

    [Fact]
    public async Task A_viewer_sees_the_names_masked()
    {
        var data = await map.Client(fixture, Tester.ViewerOfDistrict).QueryAsync(
            $$"""{ compounds(where: { areaCode: "{{map.Community}}" }, first: 500) { nodes { ownersCommittee { seats { holderName } } } } }""");
        var names = data.GetProperty("compounds").GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("ownersCommittee").ValueKind == System.Text.Json.JsonValueKind.Object)
            .SelectMany(n => n.GetProperty("ownersCommittee").GetProperty("seats").EnumerateArray().Select(s => s.GetProperty("holderName").GetString()!))
            .ToList();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}{1,2}\*+$", name));
        Assert.Equal(ErrorCodes.Forbidden, (await map.Client(fixture, Tester.Public).PostAsync(
            $$"""{ compounds(where: { areaCode: "{{map.Community}}" }) { nodes { ownersCommittee { seats { holderName } } } } }""")).ErrorCodes().Distinct().Single());
    }
}
