using GeoHub.Access;
using GeoHub.GraphQL;

namespace GeoHub.Tests.GraphQL;

[Collection(GeoHubDatabase.Name)]
public sealed class NodeTests(GeoHubFixture fixture)
{
    public static TheoryData<string, string> NodeTypes() => new()
    {
        { "Area", "areas" },
        { "Compound", "compounds" },
        { "Building", "buildings" },
        { "Stairwell", "stairwells" },
        { "PropertyCompany", "property_companies" },
        { "PartyOrganization", "party_organizations" },
        { "PartyGroup", "party_groups" },
        { "PartyMember", "party_members" },
        { "PartyRole", "party_roles" },
        { "Meeting", "meetings" },
        { "OwnersCommittee", "owners_committees" },
        { "CommitteeSeat", "committee_seats" },
        { "Venue", "venues" },
        { "Booking", "bookings" },
        { "OfficeSpace", "office_spaces" },
        { "CoBuildingUnit", "co_building_units" },
        { "Agreement", "agreements" },
        { "Project", "projects" },
        { "Activity", "activities" },
    };

    [Theory]
    [MemberData(nameof(NodeTypes))]
    public async Task Node_resolves_the_global_id_of_every_type(string typeName, string table)
    {
        await using var command = fixture.DataSource.CreateCommand($"SELECT max(id) FROM {table}");
        var id = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var globalId = GlobalId.Encode(typeName, id);

        // ADMIN sees every item; which items other roles see is Access/NodeAccessTests'.
        var node = (await fixture.CreateClient(Role.Admin).QueryAsync("query($id: ID!) { node(id: $id) { __typename id } }", new { id = globalId }))
            .GetProperty("node");

        Assert.Equal(typeName, node.GetProperty("__typename").GetString());
        Assert.Equal(globalId, node.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Node_of_a_missing_row_is_null_and_a_malformed_id_is_an_invalid_id_error()
    {
        var client = fixture.CreateClient();
        var missing = await client.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = GlobalId.Encode("Compound", int.MaxValue) });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, missing.GetProperty("node").ValueKind);

        var malformed = await client.PostAsync("{ node(id: \"no such id\") { id } }");
        Assert.Contains(ErrorCodes.InvalidId, malformed.ErrorCodes());
    }
}
