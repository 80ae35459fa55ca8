using System.Text.Json;

namespace GeoHub.Bench;

/// <summary>
/// Every operation clients send (operations/, read from the folder as written) with the variables
/// the contract tests use, so the benchmark times the answers the tests check.
/// </summary>
internal static class Operations
{
    private static readonly double[] Near = [117.03, 25.09];

    // A bow tie: the ring crosses itself, so the import is refused as INVALID_GEOMETRY.
    private static readonly double[][][] SelfIntersecting = [[[117.0, 25.0], [117.001, 25.001], [117.001, 25.0], [117.0, 25.001], [117.0, 25.0]]];

    public const string NearestUnitsOfFifty =
        "{ compounds(first: 50) { nodes { nearbyCoBuildingUnits(withinMeters: 2000, first: 3) { distanceMeters } } } }";

    public static async Task<List<BenchRequest>> ContractAsync(string contractDirectory, HttpClient client)
    {
        string Query(string file) => File.ReadAllText(Path.Combine(contractDirectory, file));
        var compound = await CompoundIdAsync(client, "恒兴绿景小区");
        var community = await FirstCommunityAsync(client);
        return
        [
            BenchRequest.GraphQL("coverage", Query("coverage.graphql"), "Coverage", new { area = "350800", asOf = "2019-06-30" }),
            BenchRequest.GraphQL("coverage-by-child", Query("coverage-by-child.graphql"), "CoverageByChild", new { area = "350800", asOf = "2019-06-30" }),
            BenchRequest.GraphQL("office-space", Query("office-space.graphql"), "OfficeSpaceAdded", new { area = "350802", from = "2018-07-01", to = "2019-06-30" }),
            BenchRequest.GraphQL("compound-search", Query("compound-search.graphql"), "CompoundSearch", new { where = new { areaCode = "350802" }, first = 10 }),
            BenchRequest.GraphQL("compound-filter CompoundsByName", Query("compound-filter.graphql"), "CompoundsByName", new { name = "恒兴绿景小区" }),
            BenchRequest.GraphQL("compound-filter CompoundsInArea", Query("compound-filter.graphql"), "CompoundsInArea", new { area = "350802", minHouseholds = 100 }),
            BenchRequest.GraphQL("meeting-compliance", Query("meeting-compliance.graphql"), "MeetingCompliance", new { area = "350802", year = 2018 }),
            BenchRequest.GraphQL("nearby-units", Query("nearby-units.graphql"), "NearbyUnits", new { compound, within = 2000.0, first = 5 }),
            BenchRequest.GraphQL("units-page", Query("units-page.graphql"), "CoBuildingUnitsPage", new { first = 10 }),
            BenchRequest.GraphQL("vacant-venues", Query("vacant-venues.graphql"), "VacantVenues", new
            {
                near = new { type = "Point", coordinates = Near },
                within = 3000.0,
                from = "2019-06-01T09:00:00+08:00",
                to = "2019-06-01T11:00:00+08:00",
                minCapacity = 10,
            }),
            BenchRequest.GraphQL("venue-gaps", Query("venue-gaps.graphql"), "VenueGaps", new { area = "350802", max = 1000.0 }),
            BenchRequest.GraphQL("battle-map", Query("battle-map.graphql"), "BattleMap", new { area = "350802", asOf = "2019-06-30" }),
            BenchRequest.GraphQL("import (refused: self-intersecting)", Query("import.graphql"), "ImportCompounds", new
            {
                community,
                features = new
                {
                    type = "FeatureCollection",
                    features = new[]
                    {
                        new
                        {
                            type = "Feature",
                            properties = new { name = "自相交测试小区" },
                            geometry = new { type = "Polygon", coordinates = SelfIntersecting },
                        },
                    },
                },
            }, expectErrors: true),
        ];
    }

    public static async Task<List<BenchRequest>> NearestAsync(string contractDirectory, HttpClient client)
    {
        var compound = await CompoundIdAsync(client, "恒兴绿景小区");
        return
        [
            BenchRequest.GraphQL("nearby-units", File.ReadAllText(Path.Combine(contractDirectory, "nearby-units.graphql")), "NearbyUnits",
                new { compound, within = 2000.0, first = 5 }),
            BenchRequest.GraphQL("50 compounds × 3 nearest units", NearestUnitsOfFifty, null, null),
        ];
    }

    /// <summary>
    /// The figures the ledger answers (issue 11 item 3), as the page and the fortnightly review ask
    /// for them: the city's headline, its districts' rows, two years of fortnights, and one community.
    /// </summary>
    public static async Task<List<(BenchRequest Request, double? TargetMs)>> FiguresAsync(string contractDirectory, HttpClient client)
    {
        string Query(string file) => File.ReadAllText(Path.Combine(contractDirectory, file));
        var community = await CommunityAsync(client, "350802001001");
        return
        [
            (BenchRequest.GraphQL("city coverage", Query("coverage.graphql"), "Coverage", new { area = "350800", asOf = "2019-06-30" }), 50),
            (BenchRequest.GraphQL("city's children's coverage", Query("coverage-by-child.graphql"), "CoverageByChild", new { area = "350800", asOf = "2019-06-30" }), 80),
            (BenchRequest.GraphQL("city progress, 2 years by fortnight", Query("progress.graphql"), "Progress",
                new { area = "350800", from = "2017-07-01", to = "2019-06-30", every = "FORTNIGHT" }), 200),
            // Its target is relative: within 2× of the same community on the ×1 map.
            (BenchRequest.GraphQL("one community's coverage", Query("coverage.graphql"), "Coverage", new { area = community, asOf = "2019-06-30" }), null),
        ];
    }

    public static IEnumerable<BenchRequest> Tiles(int z, int x, int y) =>
        GeoHub.BattleMap.TileQueries.Layers.Select(layer => BenchRequest.Get($"tile {layer} {z}/{x}/{y}", $"/tiles/{layer}/{z}/{x}/{y}.mvt"));

    private static async Task<string> CompoundIdAsync(HttpClient client, string name)
    {
        var data = await DataAsync(client, "query($n: String!) { compounds(where: { name: { eq: $n } }, first: 1) { nodes { id } } }", new { n = name });
        return data.GetProperty("compounds").GetProperty("nodes")[0].GetProperty("id").GetString()!;
    }

    private static async Task<string> FirstCommunityAsync(HttpClient client)
    {
        var data = await DataAsync(client, "{ areas(where: { level: COMMUNITY }, first: 1) { nodes { code } } }", null);
        return data.GetProperty("areas").GetProperty("nodes")[0].GetProperty("code").GetString()!;
    }

    /// <summary>The community of that code, else the first one (every generated map keeps the demo map's codes).</summary>
    private static async Task<string> CommunityAsync(HttpClient client, string code)
    {
        var data = await DataAsync(client, "query($c: String!) { area(code: $c) { code } }", new { c = code });
        return data.GetProperty("area").ValueKind == JsonValueKind.Object ? code : await FirstCommunityAsync(client);
    }

    private static async Task<JsonElement> DataAsync(HttpClient client, string query, object? variables)
    {
        var answer = await BenchRequest.GraphQL("lookup", query, null, variables).SendAsync(client, check: true);
        return answer!.Value.GetProperty("data");
    }
}
