using System.Reflection;
using System.Text.Json;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// A batch loader is found by its fetch's value, arguments included: one field asked twice at one
/// level with different arguments gets two loaders and two answers (see <see cref="DatedMap"/>).
/// </summary>
[Collection(DatedDatabase.Name)]
public sealed class LoaderTests(DatedFixture fixture)
{
    [Fact]
    public async Task Coverage_status_on_three_days_at_one_level_gives_three_answers()
    {
        var nodes = (await fixture.QueryAsync("""
            {
              compounds(where: { areaCode: "350802001001" }) {
                nodes { name before: coverageStatus(asOf: "2019-02-28") first: coverageStatus(asOf: "2019-03-01") end: coverageStatus(asOf: "2019-04-01")
                        organization: partyOrganization(asOf: "2019-03-01") { name } none: partyOrganization(asOf: "2019-02-28") { name } }
              }
            }
            """)).GetProperty("compounds").GetProperty("nodes");
        var k1 = nodes.EnumerateArray().Single(n => n.GetProperty("name").GetString() == "K1");

        Assert.Equal(("NONE", "STANDALONE", "NONE"), (Text(k1, "before"), Text(k1, "first"), Text(k1, "end")));
        Assert.Equal("O1", k1.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, k1.GetProperty("none").ValueKind);
    }

    [Fact]
    public async Task Organisation_fields_with_different_days_and_years_give_their_own_rows()
    {
        var organizations = (await fixture.QueryAsync("""
            {
              partyOrganizations(asOf: "2019-03-31") {
                nodes { name before: compounds(asOf: "2019-02-28") { name } first: compounds(asOf: "2019-03-01") { name }
                        y2018: meetings(year: 2018) { heldOn } y2019: meetings(year: 2019) { heldOn } }
              }
            }
            """)).GetProperty("partyOrganizations").GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!);

        Assert.Equal((0, 2), (organizations["O3"].GetProperty("before").GetArrayLength(), organizations["O3"].GetProperty("first").GetArrayLength()));
        Assert.Equal((0, 1), (organizations["OT"].GetProperty("y2018").GetArrayLength(), organizations["OT"].GetProperty("y2019").GetArrayLength()));
    }

    [Fact]
    public async Task Child_coverage_on_two_days_gives_two_rollups()
    {
        var children = (await fixture.QueryAsync("""
            { area(code: "350802001000") { children { code before: coverage(asOf: "2019-02-28") { compoundsCovered } first: coverage(asOf: "2019-03-01") { compoundsCovered } } } }
            """)).GetProperty("area").GetProperty("children").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);

        Assert.Equal(0, children[DatedMap.OrgCommunity].GetProperty("before").GetProperty("compoundsCovered").GetInt32());
        Assert.Equal(2, children[DatedMap.OrgCommunity].GetProperty("first").GetProperty("compoundsCovered").GetInt32());
    }

    [Fact]
    public async Task Nearby_lists_with_different_radii_or_pairing_give_their_own_neighbours()
    {
        fixture.Clock.Today = DatedMap.End;
        var data = await fixture.QueryAsync(
            """
            query($compound: ID!, $unit: ID!) {
              compound(id: $compound) { near: nearbyCoBuildingUnits(withinMeters: 100) { unit { name } } far: nearbyCoBuildingUnits(withinMeters: 1000) { unit { name } } }
              node(id: $unit) { ... on CoBuildingUnit { all: nearbyCompounds(withinMeters: 1000) { compound { name } } unpaired: nearbyCompounds(withinMeters: 1000, unpairedOnly: true) { compound { name } } } }
            }
            """,
            new { compound = GlobalId.Encode("Compound", 10), unit = GlobalId.Encode("CoBuildingUnit", 1) });

        Assert.Equal(0, data.GetProperty("compound").GetProperty("near").GetArrayLength());
        Assert.Equal(1, data.GetProperty("compound").GetProperty("far").GetArrayLength());
        Assert.Equal(["K10", "K11"], Names(data.GetProperty("node").GetProperty("all")));
        Assert.Equal(["K10"], Names(data.GetProperty("node").GetProperty("unpaired")));
    }

    [Fact]
    public void Equal_fetches_share_a_loader_and_different_arguments_do_not()
    {
        var loaders = new DataLoaders();
        var services = fixture.Factory.Services;

        Assert.Same(loaders.For(new MeetingsByOrganizationId(2019), services), loaders.For(new MeetingsByOrganizationId(2019), services));
        Assert.NotSame(loaders.For(new MeetingsByOrganizationId(2018), services), loaders.For(new MeetingsByOrganizationId(2019), services));
        Assert.NotSame(loaders.For(new PartyGroupsByBuildingId(), services), loaders.For(new PartyGroupsByOrganizationId(), services));
    }

    // A loader's key is its fetch's value: a class with reference equality would give every
    // field its own loader (no batching), a mutable one could change key after use.
    [Fact]
    public void Every_batch_fetch_is_a_record()
    {
        var fetches = typeof(IBatchFetch<,>).Assembly.GetTypes()
            .Where(t => !t.IsInterface && !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IBatchFetch<,>)))
            .ToList();

        Assert.True(fetches.Count >= 20, $"found {fetches.Count}");
        Assert.All(fetches, t => Assert.NotNull(t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance)));
    }

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();

    private static List<string?> Names(JsonElement list) => [.. list.EnumerateArray().Select(n => n.GetProperty("compound").GetProperty("name").GetString())];
}
