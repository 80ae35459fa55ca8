using System.Text.Json;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.Compounds;

[Collection(ImportDatabase.Name)]
public sealed class ImportCompoundsTests(ImportFixture fixture)
{
    private const string Import = """
        mutation ImportCompounds($community: String!, $features: GeoJSON!) {
          importCompounds(communityCode: $community, features: $features) {
            created
            updated
            compounds { id code name households address builtYear }
          }
        }
        """;

    // Two good features of community A that touch nothing stored; each bad case comes third.
    private static readonly string GoodFirst = Json.Feature(Json.Square(117.001, 25.105, 0.002), """{"name":"新建一小区","households":10}""");
    private static readonly string GoodSecond = Json.Feature(Json.Square(117.005, 25.105, 0.002), """{"name":"新建二小区"}""");

    private static string Variables(string community, string features) => $$"""{"community":"{{community}}","features":{{features}}}""";

    [Fact]
    public async Task Should_create_then_update_by_code_and_by_name_with_rows_as_given()
    {
        var community = await fixture.AddCommunityAsync();
        var west = ImportFixture.West(ImportFixture.NumberOf(community));
        var first = await fixture.ExecuteAsync(Import, Variables(community, Json.Collection(
            Json.Feature(Json.Square(west + 0.001, 25.101, 0.002), $$"""{"name":"红星小区","code":"{{community}}005","households":120,"address":"红星路1号","builtYear":1998}"""),
            Json.Feature(Json.Square(west + 0.004, 25.101, 0.002), """{"name":"绿景小区","households":80}"""))));
        var created = Payload(first);
        Assert.Equal(2, created.GetProperty("created").GetInt32());
        Assert.Equal(0, created.GetProperty("updated").GetInt32());
        Assert.Equal([$"{community}005", $"{community}006"], Codes(created));

        // By code (renamed, moved, more households), by name (no code given), and one new compound.
        var moved = Json.Square(west + 0.001, 25.104, 0.003);
        var second = await fixture.ExecuteAsync(Import, Variables(community, Json.Collection(
            Json.Feature(moved, $$"""{"name":"红星新村","code":"{{community}}005","households":150}"""),
            Json.Feature(Json.MultiSquare(west + 0.004, 25.101, 0.002), """{"name":"绿景小区","households":90,"builtYear":2005}"""),
            Json.Feature(Json.Square(west + 0.007, 25.101, 0.002), """{"name":"华泰小区"}"""))));
        var payload = Payload(second);
        Assert.Equal(1, payload.GetProperty("created").GetInt32());
        Assert.Equal(2, payload.GetProperty("updated").GetInt32());
        Assert.Equal([$"{community}005", $"{community}006", $"{community}007"], Codes(payload));

        var rows = await fixture.SqlAsync<string>($"""
            SELECT concat_ws('|', c.code, c.name, c.households, coalesce(c.address, '-'), coalesce(c.built_year::text, '-'),
                   GeometryType(c.boundary), ST_SRID(c.boundary), ST_NumGeometries(c.boundary))
            FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.code = '{community}' ORDER BY c.code
            """);
        Assert.Equal(
        [
            $"{community}005|红星新村|150|红星路1号|1998|MULTIPOLYGON|4326|1",
            $"{community}006|绿景小区|90|-|2005|MULTIPOLYGON|4326|1",
            $"{community}007|华泰小区|0|-|-|MULTIPOLYGON|4326|1",
        ], rows);
        var sameShape = await fixture.SqlAsync<bool>($"SELECT ST_Equals(boundary, ST_SetSRID(ST_GeomFromGeoJSON('{moved}'), 4326)) FROM compounds WHERE code = '{community}005'");
        Assert.Equal([true], sameShape);
    }

    [Fact]
    public async Task Concurrent_imports_into_different_communities_all_commit()
    {
        // Each import writes compounds and then lists their nearest venues before committing;
        // taken in parallel they must queue, not deadlock.
        var communities = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            communities.Add(await fixture.AddCommunityAsync());
        }

        var answers = await Task.WhenAll(communities.Select(community =>
        {
            var west = ImportFixture.West(ImportFixture.NumberOf(community));
            return fixture.ExecuteAsync(Import, Variables(community, Json.Collection(
                Json.Feature(Json.Square(west + 0.001, 25.101, 0.002), """{"name":"并发一小区"}"""),
                Json.Feature(Json.Square(west + 0.004, 25.101, 0.002), """{"name":"并发二小区"}"""))));
        }));

        Assert.All(answers, answer => Assert.Equal(2, Payload(answer).GetProperty("created").GetInt32()));
    }

    public static TheoryData<string, string, string> BadThirdFeatures => new()
    {
        { "bow-tie", Json.Feature(Json.Polygon((117.001, 25.108), (117.003, 25.109), (117.003, 25.108), (117.001, 25.109), (117.001, 25.108)), """{"name":"蝴蝶小区"}"""), "Self-intersection" },
        { "unclosed ring", Json.Feature(Json.Polygon((117.001, 25.108), (117.002, 25.108), (117.002, 25.109), (117.001, 25.109)), """{"name":"缺口小区"}"""), "not closed" },
        { "longitude 200", Json.Feature(Json.Polygon((200, 25.108), (200.001, 25.108), (200.001, 25.109), (200, 25.108)), """{"name":"远方小区"}"""), "out of range" },
        { "empty polygon", Json.Feature("""{"type":"Polygon","coordinates":[]}""", """{"name":"空小区"}"""), "empty" },
        { "point", Json.Feature("""{"type":"Point","coordinates":[117.002,25.108]}""", """{"name":"点小区"}"""), "got Point" },
        { "outside the community", Json.Feature(Json.Square(117.015, 25.105, 0.002), """{"name":"越界小区"}"""), "not inside community 350802001001" },
        { "overlapping a stored compound", Json.Feature(Json.Square(117.002, 25.102, 0.002), """{"name":"重叠小区"}"""), "overlaps compound 350802001001001 (甲小区)" },
        { "duplicate name", Json.Feature(Json.Square(117.001, 25.108, 0.001), """{"name":"新建一小区"}"""), "duplicate name 新建一小区" },
    };

    [Theory]
    [MemberData(nameof(BadThirdFeatures))]
    public async Task Should_refuse_the_whole_input_when_the_third_feature_is_bad(string kind, string bad, string reason)
    {
        var before = await fixture.CountCompoundsAsync();
        var answer = await fixture.ExecuteAsync(Import, Variables(ImportFixture.CommunityA, Json.Collection(GoodFirst, GoodSecond, bad)));

        var error = Assert.Single(Errors(answer));
        Assert.Equal(ErrorCodes.InvalidGeometry, Code(error));
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("features[2]", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.OrdinalIgnoreCase);
        if (kind != "duplicate name")
        {
            var name = JsonDocument.Parse(bad).RootElement.GetProperty("properties").GetProperty("name").GetString()!;
            Assert.Contains(name, message, StringComparison.Ordinal);
        }

        Assert.Equal(JsonValueKind.Null, answer.GetProperty("data").ValueKind);
        Assert.Equal(before, await fixture.CountCompoundsAsync());
        Assert.Empty(await fixture.SqlAsync<string>("SELECT name FROM compounds WHERE name IN ('新建一小区', '新建二小区')"));
    }

    [Fact]
    public async Task Should_name_every_bad_feature_in_one_answer()
    {
        var before = await fixture.CountCompoundsAsync();
        var answer = await fixture.ExecuteAsync(Import, Variables(ImportFixture.CommunityA, Json.Collection(
            Json.Feature("""{"type":"LineString","coordinates":[[117.001,25.108],[117.002,25.108]]}""", """{"name":"线小区"}"""),
            GoodFirst,
            Json.Feature(Json.Square(117.0055, 25.1015, 0.001), """{"name":"乙中小区","code":"X1"}"""),
            Json.Feature(Json.Square(117.0015, 25.1055, 0.001), """{"name":"套中小区"}"""))));

        var errors = Errors(answer);
        Assert.All(errors, e => Assert.Equal(ErrorCodes.InvalidGeometry, Code(e)));
        var messages = errors.Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Equal(3, messages.Count);
        Assert.StartsWith("features[0] (name 线小区): geometry must be a Polygon or MultiPolygon, got LineString", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("features[2] (name 乙中小区, code X1): overlaps compound 350802001001002 (乙小区)", messages[1], StringComparison.Ordinal);
        Assert.StartsWith("features[3] (name 套中小区): overlaps features[1] (name 新建一小区) of the input", messages[2], StringComparison.Ordinal);
        Assert.Equal(before, await fixture.CountCompoundsAsync());
    }

    [Fact]
    public async Task Should_refuse_what_is_not_a_feature_collection()
    {
        var answer = await fixture.ExecuteAsync(Import, Variables(ImportFixture.CommunityA, Json.Square(117.001, 25.105, 0.002)));
        var error = Assert.Single(Errors(answer));
        Assert.Equal(ErrorCodes.InvalidGeometry, Code(error));
        Assert.Contains("FeatureCollection", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_not_found_for_an_unknown_community_and_invalid_argument_for_a_street()
    {
        var features = Json.Collection(GoodFirst);
        Assert.Equal(ErrorCodes.NotFound, Code(Assert.Single(Errors(await fixture.ExecuteAsync(Import, Variables("350802001999", features))))));
        Assert.Equal(ErrorCodes.InvalidArgument, Code(Assert.Single(Errors(await fixture.ExecuteAsync(Import, Variables(ImportFixture.Street, features))))));
    }

    private static JsonElement Payload(JsonElement answer)
    {
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        return answer.GetProperty("data").GetProperty("importCompounds");
    }

    private static List<string> Codes(JsonElement payload) =>
        [.. payload.GetProperty("compounds").EnumerateArray().Select(c => c.GetProperty("code").GetString()!)];

    private static List<JsonElement> Errors(JsonElement answer) =>
        answer.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray()] : [];

    private static string? Code(JsonElement error) => error.GetProperty("extensions").GetProperty("code").GetString();
}
