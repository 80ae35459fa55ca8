using System.Text.Json;
using System.Text.Json.Nodes;
using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQLParser.AST;

namespace GeoHub.Tests.Operations;

/// <summary>
/// The operations clients send (operations/, and the battle map page's own in web/src/operations/)
/// run unchanged against the demo map, and the demo map's expected answers (expected/) hold.
/// </summary>
[Collection(GeoHubDatabase.Name)]
public sealed class OperationTests(GeoHubFixture fixture)
{
    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        var files = Directory.GetFiles(RepoPaths.Operations, "*.graphql").Concat(Directory.GetFiles(RepoPaths.PageOperations, "*.graphql"));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            // Subscriptions run over a WebSocket, not a POST: the Changes tests and the page's
            // live-redraw test run them.
            foreach (var operation in GraphQLParser.Parser.Parse(File.ReadAllText(file)).Definitions.OfType<GraphQLOperationDefinition>()
                .Where(o => o.Operation != OperationType.Subscription))
            {
                data.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}#{operation.Name!.StringValue}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_runs_unchanged_on_the_demo_map(string operation)
    {
        var (file, name) = (operation.Split('#')[0], operation.Split('#')[1]);
        // Operations that touch internal or personal data (meetings; CompoundSearch's party groups;
        // the signed-in panel's seat holders), write or read the audit log need a role: ADMIN may
        // do all anywhere (the Access tests cover the other roles).
        var client = name is "MeetingCompliance" or "ImportCompounds" or "CompoundSearch" or "AuditLog" or "CompoundPanelSignedIn"
            ? fixture.CreateClient(Role.Admin)
            : fixture.CreateClient();
        var variables = await VariablesFor(client, name);
        var answer = await client.PostAsync(File.ReadAllText(Path.Combine(RepoPaths.Root, file)), variables, name);

        if (name == "ImportCompounds")
        {
            // The shared map must stay as loaded, so the import sent is a bad one: it must be
            // refused with a code, and nothing may be written.
            Assert.Equal([ErrorCodes.InvalidGeometry], answer.ErrorCodes().Distinct());
            await using var count = fixture.DataSource.CreateCommand("SELECT count(*) FROM compounds");
            Assert.Equal(1469L, await count.ExecuteScalarAsync());
            return;
        }

        Assert.Empty(answer.ErrorCodes());
        Assert.Equal(JsonValueKind.Object, answer.GetProperty("data").ValueKind);
    }

    public static TheoryData<string> ExpectedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.ExpectedAnswers, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedFiles))]
    public async Task Expected_answer_holds_on_the_demo_map(string expectedFile)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.ExpectedAnswers, expectedFile)))!;
        var query = File.ReadAllText(Path.Combine(RepoPaths.Operations, expected["operation"]!.GetValue<string>()));
        var data = await fixture.CreateClient().QueryAsync(query, expected["variables"]);
        JsonSubset.AssertContains(expected["data"]!, data.ToNode()!, "data");
    }

    private static async Task<object?> VariablesFor(HttpClient client, string operation) => operation switch
    {
        "BattleMap" => new { area = "350802", asOf = "2019-06-30" },
        "CompoundsByName" => new { name = "恒兴绿景小区" },
        "CompoundPanel" or "CompoundPanelSignedIn" => new { id = await CompoundIdAsync(client, "恒兴绿景小区"), asOf = "2019-06-30" },
        "MapArea" => new { area = "350802" },
        "MapFigures" => new { area = "350802", asOf = "2019-06-30" },
        "MapBookedVenues" => new { area = "350802", from = "2019-06-01T09:00:00+08:00", to = "2019-06-01T11:00:00+08:00" },
        "MapOfficeSpace" => new { area = "350802", asOf = "2019-06-30" },
        "MapVenueGaps" => new { area = "350802", distance = 1000.0 },
        "CompoundsInArea" => new { area = "350802", minHouseholds = 100 },
        "CompoundSearch" => new { where = new { areaCode = "350802" }, first = 10 },
        "CoverageByChild" => new { area = "350800", asOf = "2019-06-30" },
        "Coverage" => new { area = "350800", asOf = "2019-06-30" },
        "ImportCompounds" => new
        {
            community = await CommunityCodeAsync(client),
            features = new
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
            },
        },
        "MeetingCompliance" => new { area = "350802", year = 2018 },
        "NearbyUnits" => new { compound = await CompoundIdAsync(client, "恒兴绿景小区"), within = 2000.0, first = 5 },
        "AuditLog" => new { first = 5 },
        "Progress" => new { area = "350802", from = "2019-01-01", to = "2019-06-30", every = "FORTNIGHT" },
        "Viewer" or "SubscriptionFields" or "MapFirstDay" => null,
        "OfficeSpaceAdded" => new { area = "350802", from = "2018-07-01", to = "2019-06-30" },
        "CoBuildingUnitsPage" => new { first = 10 },
        "VacantVenues" => new
        {
            near = new { type = "Point", coordinates = new[] { 117.03, 25.09 } },
            within = 3000.0,
            from = "2019-06-01T09:00:00+08:00",
            to = "2019-06-01T11:00:00+08:00",
            minCapacity = 10,
        },
        "VenueGaps" => new { area = "350802", max = 1000.0 },
        _ => throw new InvalidOperationException($"no variables for operation {operation}: add them here"),
    };

    private static async Task<string> CommunityCodeAsync(HttpClient client)
    {
        var data = await client.QueryAsync("{ areas(where: { level: COMMUNITY }, first: 1) { nodes { code } } }");
        return data.GetProperty("areas").GetProperty("nodes")[0].GetProperty("code").GetString()!;
    }

    private static async Task<string> CompoundIdAsync(HttpClient client, string name)
    {
        var data = await client.QueryAsync("query($n: String!) { compounds(where: { name: { eq: $n } }, first: 1) { nodes { id } } }", new { n = name });
        return data.GetProperty("compounds").GetProperty("nodes")[0].GetProperty("id").GetString()!;
    }
}

/// <summary>The expected files' rule: listed members must match, unlisted ones are free; numbers compare as numbers.</summary>
public static class JsonSubset
{
    public static void AssertContains(JsonNode expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject obj:
                Assert.True(actual is JsonObject, $"{path}: expected an object, got {actual?.ToJsonString() ?? "null"}");
                ArgumentNullException.ThrowIfNull(actual);
                foreach (var (key, value) in obj)
                {
                    Assert.True(actual.AsObject().ContainsKey(key), $"{path}.{key} is missing");
                    AssertContains(value!, actual[key], $"{path}.{key}");
                }

                break;
            case JsonArray array:
                Assert.True(actual is JsonArray, $"{path}: expected a list");
                ArgumentNullException.ThrowIfNull(actual);
                var actualItems = actual.AsArray().Select(n => n?.ToJsonString()).ToHashSet();
                foreach (var item in array)
                {
                    Assert.Contains(item?.ToJsonString(), actualItems);
                }

                Assert.Equal(array.Count, actual.AsArray().Count);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                var actualNumber = actual?.GetValue<double>() ?? double.NaN;
                var expectedNumber = value.GetValue<double>();
                var tolerance = path.EndsWith("coverageRate", StringComparison.Ordinal) ? 1e-9 : 0;
                Assert.True(Math.Abs(actualNumber - expectedNumber) <= tolerance, $"{path}: expected {expectedNumber}, got {actualNumber}");
                break;
            default:
                Assert.Equal(expected.ToJsonString(), actual?.ToJsonString());
                break;
        }
    }
}
