using System.Net.WebSockets;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Changes;

/// <summary>
/// Who may record the week's changes, on every path a write can take (HTTP, the WebSocket): an
/// OFFICER in its areas and an ADMIN anywhere; everyone else is FORBIDDEN with nothing written and
/// a refusal in the audit log. A write's audit line commits with it and names the caller, as its
/// change-log line does.
/// </summary>
[Collection(WritesDatabase.Name)]
public sealed class WriteAccessTests(WritesFixture fixture)
{
    private const string Record = "mutation Record($input: RecordActivityInput!) { recordActivity(input: $input) { activity { id title } } }";

    private async Task<(string Compound, string Community, string District, string OtherDistrict, string Unit)> PlaceAsync(int offset)
    {
        var (compound, community, district) = (await fixture.SqlAsync(
            $"""
            SELECT c.id, a.code, d.code FROM compounds c JOIN areas a ON a.id = c.community_id
            JOIN areas d ON a.path LIKE d.path || '/%' AND d.level = 'District'
            ORDER BY c.id OFFSET {offset} LIMIT 1
            """,
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2)))).Single();
        var other = await fixture.ScalarAsync<string>("SELECT code FROM areas WHERE level = 'District' AND code <> @d ORDER BY code LIMIT 1", ("d", district));
        var unit = await fixture.ScalarAsync<int>("SELECT min(id) FROM co_building_units");
        return (WritesFixture.Id("Compound", compound), community, district, other, WritesFixture.Id("CoBuildingUnit", unit));
    }

    private static object Input(string compound, string unit, string title) =>
        new { input = new { unitId = unit, compoundId = compound, title, on = WritesFixture.TodayText } };

    private Task<long> CountAsync(string title) =>
        fixture.ScalarAsync<long>("SELECT (SELECT count(*) FROM activities WHERE title = @t) + (SELECT count(*) FROM changes WHERE after->>'title' = @t)", ("t", title));

    private async Task<List<string>> AuditAsync(string subject)
    {
        await fixture.Factory.Services.GetRequiredService<AuditLog>().DrainAsync();
        return await fixture.SqlAsync(
            "SELECT kind || ' ' || operation || ' ' || coalesce(area_code, '-') || ' ' || outcome FROM audit.audit_log WHERE subject = @s ORDER BY id",
            r => r.GetString(0), ("s", subject));
    }

    public static TheoryData<string> Refused() => ["PUBLIC", "VIEWER", "UNIT", "OFFICER_ELSEWHERE"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_caller_without_the_right_is_forbidden_and_nothing_is_written(string who)
    {
        var (compound, _, district, other, unit) = await PlaceAsync(11);
        var subject = $"refused-{who}-{Guid.NewGuid():N}"[..30];
        var client = who switch
        {
            "PUBLIC" => fixture.CreateClient(),
            "VIEWER" => fixture.CreateClient(Role.Viewer, [district], subject: subject),
            "UNIT" => fixture.CreateClient(Role.Unit, unit: unit, subject: subject),
            _ => fixture.CreateClient(Role.Officer, [other], subject: subject),
        };
        var title = "无权记录 " + subject;

        var answer = await client.PostAsync(Record, Input(compound, unit, title));

        Assert.Equal([ErrorCodes.Forbidden], answer.ErrorCodes());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("data").ValueKind);
        Assert.Equal(0, await CountAsync(title));
        // PUBLIC and VIEWER may write nowhere (refused before the write looks at its input); a
        // UNIT and an OFFICER of elsewhere are refused at the compound's community.
        if (who != "PUBLIC")
        {
            Assert.Equal(["REFUSAL Mutation.recordActivity " + (who == "VIEWER" ? "-" : await CommunityOfAsync(compound)) + " FORBIDDEN"], await AuditAsync(subject));
        }
    }

    private Task<string> CommunityOfAsync(string compound) =>
        fixture.ScalarAsync<string>("SELECT a.code FROM compounds c JOIN areas a ON a.id = c.community_id WHERE c.id = @id", ("id", GlobalId.Decode(compound, "Compound")));

    [Theory]
    [InlineData("COMMUNITY")]
    [InlineData("DISTRICT")]
    [InlineData("ADMIN")]
    public async Task An_officer_in_its_areas_and_an_admin_write_and_the_audit_line_commits_with_the_change(string who)
    {
        var (compound, community, district, _, unit) = await PlaceAsync(who switch { "COMMUNITY" => 21, "DISTRICT" => 22, _ => 23 });
        var subject = $"writer-{who}-{Guid.NewGuid():N}"[..30];
        var client = who switch
        {
            "COMMUNITY" => fixture.CreateClient(Role.Officer, [community], subject: subject),
            "DISTRICT" => fixture.CreateClient(Role.Officer, [district], subject: subject),
            _ => fixture.CreateClient(Role.Admin, subject: subject),
        };
        var title = "记录 " + subject;

        var answer = await client.PostAsync(Record, Input(compound, unit, title));

        Assert.Empty(answer.CodedFields());
        Assert.Equal(title, answer.GetProperty("data").GetProperty("recordActivity").GetProperty("activity").GetProperty("title").GetString());
        Assert.Equal([subject], await fixture.SqlAsync("SELECT subject FROM changes WHERE after->>'title' = @t", r => r.GetString(0), ("t", title)));
        Assert.Equal(["WRITE Mutation.recordActivity " + community + " OK"], await AuditAsync(subject));

        // The audit log shows the write with what it changed, as the change log holds it.
        var log = await fixture.CreateClient(Role.Admin, subject: "auditor").PostAsync(
            "query($s: String) { auditLog(where: { subject: $s, kind: WRITE }) { nodes { operation changes { operation recordId before after } } } }", new { s = subject });
        var line = Assert.Single(log.GetProperty("data").GetProperty("auditLog").GetProperty("nodes").EnumerateArray());
        var change = Assert.Single(line.GetProperty("changes").EnumerateArray());
        var activity = answer.GetProperty("data").GetProperty("recordActivity").GetProperty("activity").GetProperty("id").GetString();
        Assert.Equal(("recordActivity", activity), (change.GetProperty("operation").GetString(), change.GetProperty("recordId").GetString()));
        Assert.Equal(JsonValueKind.Null, change.GetProperty("before").ValueKind);
        var stored = await fixture.ScalarAsync<string>("SELECT after::text FROM changes WHERE after->>'title' = @t", ("t", title));
        Assert.Equal(JsonDocument.Parse(stored).RootElement.GetProperty("title").GetString(),
            JsonDocument.Parse(change.GetProperty("after").GetString()!).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_write_refused_by_its_rules_after_the_right_was_granted_is_audited_with_its_code()
    {
        var (compound, community, _, _, unit) = await PlaceAsync(31);
        var subject = $"future-{Guid.NewGuid():N}"[..30];
        var answer = await fixture.CreateClient(Role.Officer, [community], subject: subject).PostAsync(Record, new
        {
            input = new { unitId = unit, compoundId = compound, title = "明天的活动 " + subject, on = WritesFixture.Day(WritesFixture.Today.AddDays(1)) },
        });
        Assert.Equal([ErrorCodes.InvalidArgument], answer.ErrorCodes());
        Assert.Equal(0, await CountAsync("明天的活动 " + subject));
        Assert.Equal(["WRITE Mutation.recordActivity - INVALID_ARGUMENT"], await AuditAsync(subject));
    }

    [Fact]
    public void Every_mutation_is_a_write_for_the_access_layer()
    {
        var schema = fixture.Factory.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var notWrites = schema.Mutation!.Fields.Where(f => FieldAccess.Of(f)?.Class != AccessClass.Write).Select(f => f.Name).ToList();
        Assert.True(notWrites.Count == 0, "mutations without .Write(): " + string.Join(", ", notWrites));
        Assert.True(schema.Mutation.Fields.Count >= 27);
    }

    private static async Task<WebSocket> ConnectAsync(WritesFixture fixture, string initPayload)
    {
        var client = fixture.Factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add(GraphQLWebSocketEndpoint.SubProtocol);
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, $$"""{"type":"connection_init","payload":{{initPayload}}}""");
        return socket;
    }

    // The graphql-transport-ws messages of the subscription tests.
    private static Task SendAsync(WebSocket socket, string json) => SubscriptionTests.SendAsync(socket, json);

    private static Task<JsonElement?> ReceiveAsync(WebSocket socket) => SubscriptionTests.ReceiveAsync(socket);

    private static async Task<JsonElement> RunOverSocketAsync(WebSocket socket, object variables)
    {
        await SendAsync(socket, JsonSerializer.Serialize(new { id = "w", type = "subscribe", payload = new { query = Record, variables } }));
        var message = (await ReceiveAsync(socket))!.Value;
        return message;
    }

    [Fact]
    public async Task Over_the_websocket_the_token_of_connection_init_is_the_caller_and_a_bad_one_closes_with_4403()
    {
        var (compound, community, _, _, unit) = await PlaceAsync(41);

        using var bad = await ConnectAsync(fixture, """{"Authorization":"Bearer not-a-token"}""");
        Assert.Null(await ReceiveAsync(bad));
        Assert.Equal(4403, (int)bad.CloseStatus!.Value);

        using var anonymous = await ConnectAsync(fixture, "{}");
        Assert.Equal("connection_ack", (await ReceiveAsync(anonymous))!.Value.GetProperty("type").GetString());
        var refused = await RunOverSocketAsync(anonymous, Input(compound, unit, "匿名 ws"));
        Assert.Contains(ErrorCodes.Forbidden, refused.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("匿名 ws"));

        var subject = $"ws-officer-{Guid.NewGuid():N}"[..30];
        var token = TestHost.Token(Role.Officer, [community], subject: subject);
        using var signedIn = await ConnectAsync(fixture, JsonSerializer.Serialize(new { Authorization = "Bearer " + token }));
        var ack = await ReceiveAsync(signedIn);
        Assert.True(ack is not null, $"closed: {signedIn.CloseStatus} {signedIn.CloseStatusDescription}");
        Assert.Equal("connection_ack", ack.Value.GetProperty("type").GetString());
        var written = await RunOverSocketAsync(signedIn, Input(compound, unit, "ws 记录 " + subject));
        Assert.Equal("next", written.GetProperty("type").GetString());
        Assert.False(written.GetProperty("payload").TryGetProperty("errors", out _), written.GetRawText());
        Assert.Equal([subject], await fixture.SqlAsync("SELECT subject FROM changes WHERE after->>'title' = @t", r => r.GetString(0), ("t", "ws 记录 " + subject)));
    }
}
