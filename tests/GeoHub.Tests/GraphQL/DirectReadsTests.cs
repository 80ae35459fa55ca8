using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Maps;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// The demo map with some optional columns emptied (so nulls are written too), served twice: by
/// the app as it runs, whose direct reads answer what they can (<see cref="DirectReads"/>), and by
/// the same app with them turned off, which is the reference.
/// </summary>
public sealed class DirectReadsFixture() : DatabaseFixture("direct")
{
    private WebApplicationFactory<Program>? reference;

    /// <summary>The same app over the same database with direct reads off.</summary>
    public WebApplicationFactory<Program> Reference => reference ??= new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        TestHost.Configure(host, ConnectionString).UseSetting("GeoHub:DirectReads:Enabled", "false"));

    public DirectReads DirectReads => Factory.Services.GetRequiredService<DirectReads>();

    protected override async Task SeedAsync(GeoHubDb db)
    {
        await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);
        await RunSqlAsync("""
            UPDATE compounds SET address = NULL WHERE id % 7 = 0;
            UPDATE compounds SET built_year = NULL WHERE id % 5 = 0;
            UPDATE venues SET opening_hours = NULL WHERE id % 3 = 0;
            UPDATE co_building_units SET address = NULL WHERE id % 4 = 0;
            """);
    }

    public override async Task DisposeAsync()
    {
        if (reference is not null)
        {
            await reference.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// Every document is sent to the reference twice (the second time from its document cache, as
/// the direct path would take it) and to the app twice (the first time GraphQL.NET answers and
/// validates it; the second time the direct path may): the answers must be the same bytes, and
/// the direct path must have answered exactly the documents it is for. The reference path itself
/// is checked against SQL by the connection, paging and filter tests; a few answers here are too.
/// </summary>
public sealed class DirectReadsTests(DirectReadsFixture fixture) : IClassFixture<DirectReadsFixture>
{
    private const string CompoundId = "Q29tcG91bmQ6NjA"; // Compound:60 (its address emptied by the fixture)
    private static readonly object Point = new { type = "Point", coordinates = new[] { 117.03, 25.09 } };

    public static TheoryData<string, string, string?> Direct() => new()
    {
        {
            "a compound by id: every column field, aliases, __typename",
            """query($id: ID!) { compound(id: $id) { __typename id code name households address builtYear boundary label: name } }""",
            $$"""{"id":"{{CompoundId}}"}"""
        },
        { "an id literal, an alias on the root", """{ c: compound(id: "Q29tcG91bmQ6NjE") { name builtYear } }""", null },
        {
            "venues near a point: every column field, edges, pageInfo, totalCount",
            """
            query($near: GeoJSON!, $first: Int) {
              venues(where: { near: { point: $near, meters: 3000 } }, first: $first) {
                __typename totalCount
                pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
                edges { __typename cursor node { id version name level location capacity openingHours openedOn closedOn } }
                nodes { id name }
              }
            }
            """,
            """{"near":{"type":"Point","coordinates":[117.03,25.09]},"first":20}"""
        },
        { "a radius holding no venue", """query($near: GeoJSON!) { venues(where: { near: { point: $near, meters: 1 } }, first: 5) { totalCount pageInfo { hasNextPage endCursor startCursor } nodes { id } } }""", """{"near":{"type":"Point","coordinates":[116.0,24.0]}}""" },
        { "first 0", """query($near: GeoJSON!) { venues(where: { near: { point: $near, meters: 50000 } }, first: 0) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }""", """{"near":{"type":"Point","coordinates":[117.03,25.09]}}""" },
        { "literals and the default page size", """{ venues(where: { near: { point: { type: "Point", coordinates: [117.03, 25.09] }, meters: 50000 } }) { totalCount nodes { id closedOn } } }""", null },
        { "a variable's default", """query($first: Int = 3) { coBuildingUnits(first: $first) { totalCount nodes { id name kind address location } } }""", null },
        { "units near a point, the whole page", """query($p: GeoJSON!, $m: Float!) { coBuildingUnits(where: { near: { point: $p, meters: $m } }, first: 500) { totalCount pageInfo { hasNextPage } edges { cursor node { id kind } } } }""", """{"p":{"type":"Point","coordinates":[117.03,25.09]},"m":4500.5}""" },
        { "every compound, one page", """query { compounds(first: 500) { totalCount pageInfo { hasNextPage endCursor } nodes { id name households address builtYear } } }""", null },
        { "the units page of the peer bench", """query CoBuildingUnitsPage($first: Int!) { coBuildingUnits(first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { id name kind location } } }""", """{"first":10}""" },
    };

    public static TheoryData<string, string, string?> Reference() => new()
    {
        { "an id of another type", """query($id: ID!) { compound(id: $id) { name } }""", """{"id":"VmVudWU6OQ"}""" },
        { "an id that is no id", """query($id: ID!) { compound(id: $id) { name } }""", """{"id":"nonsense"}""" },
        { "a compound that does not exist", """query($id: ID!) { compound(id: $id) { name } }""", """{"id":"Q29tcG91bmQ6OTk5OTk5"}""" },
        { "a required variable missing", """query($id: ID!) { compound(id: $id) { name } }""", "{}" },
        { "a field that is no column", """query($id: ID!) { compound(id: $id) { name coverageStatus } }""", $$"""{"id":"{{CompoundId}}"}""" },
        { "a nested object", """query($id: ID!) { compound(id: $id) { name community { name } } }""", $$"""{"id":"{{CompoundId}}"}""" },
        { "a computed field", """query($near: GeoJSON!) { venues(where: { near: { point: $near, meters: 3000 } }, first: 5) { nodes { id floorAreaSqm } } }""", """{"near":{"type":"Point","coordinates":[117.03,25.09]}}""" },
        { "a page too large", """query($first: Int) { coBuildingUnits(first: $first) { nodes { id } } }""", """{"first":501}""" },
        { "a negative page", """query($first: Int) { coBuildingUnits(first: $first) { nodes { id } } }""", """{"first":-1}""" },
        { "a radius out of range", """query($near: GeoJSON!) { venues(where: { near: { point: $near, meters: 0 } }) { nodes { id } } }""", """{"near":{"type":"Point","coordinates":[117.03,25.09]}}""" },
        { "a point that is no point", """query($near: GeoJSON!) { venues(where: { near: { point: $near, meters: 100 } }) { nodes { id } } }""", """{"near":{"type":"LineString","coordinates":[[117.03,25.09],[117.04,25.1]]}}""" },
        { "a filter beside near", """query($near: GeoJSON!) { venues(where: { near: { point: $near, meters: 3000 }, level: STREET }) { nodes { id } } }""", """{"near":{"type":"Point","coordinates":[117.03,25.09]}}""" },
        { "the filter as a variable", """query($where: VenueFilter) { venues(where: $where) { nodes { id } } }""", """{"where":{"level":"STREET"}}""" },
        { "a cursor", """query($after: String) { coBuildingUnits(first: 2, after: $after) { nodes { id } } }""", """{"after":"WyJDb0J1aWxkaW5nVW5pdDppZCIsMTBd"}""" },
        { "near on compounds (boundaries, not points)", """query($near: GeoJSON!) { compounds(where: { near: { point: $near, meters: 500 } }) { nodes { id } } }""", """{"near":{"type":"Point","coordinates":[117.03,25.09]}}""" },
        { "an order", """{ compounds(order: [{ households: DESC }], first: 3) { nodes { id } } }""", null },
        { "a fragment", """query($id: ID!) { compound(id: $id) { ...F } } fragment F on Compound { name }""", $$"""{"id":"{{CompoundId}}"}""" },
        { "a directive", """query($id: ID!, $yes: Boolean!) { compound(id: $id) { name @include(if: $yes) } }""", $$"""{"id":"{{CompoundId}}","yes":true}""" },
        { "two root fields", """query($id: ID!) { compound(id: $id) { name } venues(first: 1) { nodes { id } } }""", $$"""{"id":"{{CompoundId}}"}""" },
        { "a field asked twice under one key", """query($id: ID!) { compound(id: $id) { name name } }""", $$"""{"id":"{{CompoundId}}"}""" },
        { "nearby units (one statement of their own)", """query($id: ID!) { compound(id: $id) { name nearbyCoBuildingUnits(withinMeters: 5000, first: 5) { distanceMeters } } }""", $$"""{"id":"{{CompoundId}}"}""" },
        { "another root field", """{ area(code: "350802") { name } }""", null },
    };

    [Theory]
    [MemberData(nameof(Direct))]
    public async Task Direct_answers_are_the_reference_bytes(string why, string query, string? variables)
    {
        var (expected, answered) = await BothAsync(query, variables);
        Assert.True(answered, $"{why}: the direct path did not answer");
        Assert.DoesNotContain("\"errors\"", expected, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Reference))]
    public async Task Everything_else_is_left_to_the_reference_path(string why, string query, string? variables)
    {
        var (_, answered) = await BothAsync(query, variables);
        Assert.False(answered, $"{why}: the direct path answered");
    }

    [Fact]
    public async Task A_direct_page_is_the_rows_sql_finds_and_its_cursor_pages_on()
    {
        const string Query = """
            query($near: GeoJSON!, $after: String) {
              venues(where: { near: { point: $near, meters: 3000 } }, first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
            }
            """;
        var expected = await fixture.SqlAsync(
            "SELECT id FROM venues WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(117.03, 25.09), 4326)::geography, 3000.0001) ORDER BY id", r => r.GetInt32(0));
        Assert.True(expected.Count > 14, "the demo map has more than two pages of venues within 3 km of the point");
        using var client = fixture.CreateClient();
        await PostAsync(client, Query, new { near = Point });
        var before = fixture.DirectReads.Answered;
        var first = (await PostJsonAsync(client, Query, new { near = Point })).GetProperty("data").GetProperty("venues");
        Assert.Equal(before + 1, fixture.DirectReads.Answered);
        Assert.Equal(expected.Count, first.GetProperty("totalCount").GetInt32());
        Assert.Equal(expected.Take(7), first.GetProperty("nodes").EnumerateArray().Select(n => GraphQLClient.IdOf(n.GetProperty("id"))));

        // The cursor of a direct page is the reference's: the next page (a cursor goes the reference path) follows on.
        var after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var second = (await PostJsonAsync(client, Query, new { near = Point, after })).GetProperty("data").GetProperty("venues");
        Assert.Equal(expected.Skip(7).Take(7), second.GetProperty("nodes").EnumerateArray().Select(n => GraphQLClient.IdOf(n.GetProperty("id"))));
    }

    [Fact]
    public async Task A_write_is_read_at_once()
    {
        const string Query = """query($id: ID!) { compound(id: $id) { name households } }""";
        using var client = fixture.CreateClient();
        var id = GlobalId.Encode("Compound", 77);
        await PostAsync(client, Query, new { id });
        var households = (await PostJsonAsync(client, Query, new { id })).GetProperty("data").GetProperty("compound").GetProperty("households").GetInt32();
        try
        {
            await fixture.RunSqlAsync($"UPDATE compounds SET households = {households + 1} WHERE id = 77");
            var before = fixture.DirectReads.Answered;
            var after = (await PostJsonAsync(client, Query, new { id })).GetProperty("data").GetProperty("compound").GetProperty("households").GetInt32();
            Assert.Equal(before + 1, fixture.DirectReads.Answered);
            Assert.Equal(households + 1, after);
        }
        finally
        {
            await fixture.RunSqlAsync($"UPDATE compounds SET households = {households} WHERE id = 77");
        }
    }

    [Fact]
    public async Task Callers_of_every_role_get_the_public_answer()
    {
        const string Query = """query($near: GeoJSON!) { venues(where: { near: { point: $near, meters: 2000 } }, first: 5) { nodes { id name capacity openingHours } } }""";
        using var anonymous = fixture.CreateClient();
        var expected = await PostAsync(anonymous, Query, new { near = Point });
        foreach (var role in new[] { Role.Viewer, Role.Unit, Role.Officer, Role.Admin })
        {
            using var client = fixture.CreateClient(role, role == Role.Unit ? [] : ["350802"], unit: role == Role.Unit ? GlobalId.Encode("CoBuildingUnit", 7) : null);
            await PostAsync(client, Query, new { near = Point });
            var before = fixture.DirectReads.Answered;
            Assert.Equal(expected, await PostAsync(client, Query, new { near = Point }));
            Assert.Equal(before + 1, fixture.DirectReads.Answered);
        }
    }

    [Fact]
    public async Task A_read_past_its_budget_is_a_timeout_on_both_paths()
    {
        const string Query = """query($id: ID!) { compound(id: $id) { name households } }""";
        var id = GlobalId.Encode("Compound", 78);
        await using var direct = Budgeted(directReads: true);
        await using var reference = Budgeted(directReads: false);
        using var directClient = direct.CreateClient();
        using var referenceClient = reference.CreateClient();
        Assert.Equal(await PostAsync(referenceClient, Query, new { id }), await PostAsync(directClient, Query, new { id }));

        // A writer holds the row's table: both paths wait on it past the 1 s budget.
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE compounds IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var answered = direct.Services.GetRequiredService<DirectReads>().Answered;
        var (directStatus, directBody) = await PostForStatusAsync(directClient, Query, new { id });
        var (referenceStatus, referenceBody) = await PostForStatusAsync(referenceClient, Query, new { id });
        await transaction.RollbackAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, directStatus);
        Assert.Equal((referenceStatus, referenceBody), (directStatus, directBody));
        Assert.Contains("\"TIMEOUT\"", directBody, StringComparison.Ordinal);
        Assert.Equal(answered, direct.Services.GetRequiredService<DirectReads>().Answered);
    }

    private WebApplicationFactory<Program> Budgeted(bool directReads) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host => TestHost.Configure(host, fixture.ConnectionString)
            .UseSetting("GeoHub:Limits:RequestBudget", "00:00:01")
            .UseSetting("GeoHub:DirectReads:Enabled", directReads ? "true" : "false"));

    private static async Task<(HttpStatusCode Status, string Body)> PostForStatusAsync(HttpClient client, string query, object? variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The reference's answer (from its cache) and whether the app's second answer, the same bytes, came from the direct path.</summary>
    private async Task<(string Expected, bool Answered)> BothAsync(string query, string? variables)
    {
        JsonElement? values = variables is null ? null : JsonDocument.Parse(variables).RootElement;
        using var reference = fixture.Reference.CreateClient();
        await PostAsync(reference, query, values);
        var expected = await PostAsync(reference, query, values);

        using var client = fixture.CreateClient();
        Assert.Equal(expected, await PostAsync(client, query, values));
        var before = fixture.DirectReads.Answered;
        var actual = await PostAsync(client, query, values);
        var answered = fixture.DirectReads.Answered == before + 1;
        Assert.Equal(expected, actual);
        return (expected, answered);
    }

    private static async Task<string> PostAsync(HttpClient client, string query, object? variables)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient client, string query, object? variables)
    {
        using var document = JsonDocument.Parse(await PostAsync(client, query, variables));
        return document.RootElement.Clone();
    }
}
