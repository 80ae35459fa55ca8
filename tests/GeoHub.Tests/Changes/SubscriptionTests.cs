using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.Changes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Changes;

/// <summary>
/// mapChanged over WebSocket (graphql-transport-ws): a change written on one server instance
/// reaches a subscriber of another one (both over the same database), with the compound's status
/// as SQL computes it; the protocol's own rules close a bad connection with its codes.
/// </summary>
[Collection(WritesDatabase.Name)]
public sealed class SubscriptionTests(WritesFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<WebSocket> ConnectAsync(WebApplicationFactory<Program> instance, string protocol = GeoHub.GraphQL.GraphQLWebSocketEndpoint.SubProtocol)
    {
        var client = instance.Server.CreateWebSocketClient();
        client.SubProtocols.Add(protocol);
        return await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
    }

    internal static Task SendAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or null when the server closed the socket (its code is then on the socket).</summary>
    internal static async Task<JsonElement?> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(text.ToArray()).RootElement.Clone();
            }
        }
    }

    private static async Task<WebSocket> SubscribedAsync(WebApplicationFactory<Program> instance, string areaCode)
    {
        await instance.Services.GetRequiredService<ChangeFeed>().Listening.WaitAsync(Patience);
        var socket = await ConnectAsync(instance);
        await SendAsync(socket, """{"type":"connection_init","payload":{}}""");
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, JsonSerializer.Serialize(new
        {
            id = "map",
            type = "subscribe",
            payload = new
            {
                query = File.ReadAllText(Path.Combine(RepoPaths.Root, "operations", "writes", "map-changes.graphql")),
                variables = new { area = areaCode },
            },
        }));
        // Messages are handled in order, so the pong says the subscription is in place.
        await SendAsync(socket, """{"type":"ping"}""");
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        return socket;
    }

    /// <summary>The compound's coverage status today, from the rows.</summary>
    private Task<string> StatusAsync(int compound) => fixture.ScalarAsync<string>("""
        SELECT coalesce((SELECT CASE o.formation WHEN 'Joint' THEN 'JOINT' ELSE 'STANDALONE' END
                         FROM organization_compounds oc JOIN party_organizations o ON o.id = oc.organization_id
                         WHERE oc.compound_id = @c AND oc.covered_from <= @today AND (oc.covered_until IS NULL OR oc.covered_until > @today)
                           AND o.formed_on <= @today AND (o.dissolved_on IS NULL OR o.dissolved_on > @today)
                         ORDER BY o.id LIMIT 1), 'NONE')
        """, ("c", compound), ("today", WritesFixture.Today));

    [Fact]
    public async Task A_change_written_on_one_instance_reaches_a_subscriber_of_another()
    {
        await using var second = DatabaseFixture.CreateFactory(fixture.ConnectionString);
        var (compound, district) = (await fixture.SqlAsync("""
            SELECT c.id, split_part(a.path, '/', 2) FROM compounds c JOIN areas a ON a.id = c.community_id ORDER BY c.id OFFSET 900 LIMIT 1
            """, r => (r.GetInt32(0), r.GetString(1)))).Single();
        using var socket = await SubscribedAsync(second, district);
        var unit = await fixture.ScalarAsync<int>("SELECT id FROM co_building_units ORDER BY id OFFSET 12 LIMIT 1");
        await fixture.MutateOkAsync("recordActivity", new
        {
            unitId = WritesFixture.Id("CoBuildingUnit", unit),
            compoundId = WritesFixture.Id("Compound", compound),
            title = "订阅测试活动",
            participants = 12,
            on = WritesFixture.TodayText,
        }, "activity { id }");

        var next = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("map", next.GetProperty("id").GetString());
        var change = next.GetProperty("payload").GetProperty("data").GetProperty("mapChanged");
        Assert.Equal("recordActivity", change.GetProperty("kind").GetString());
        Assert.Equal(WritesFixture.Id("Compound", compound), change.GetProperty("compound").GetProperty("id").GetString());
        Assert.Equal(await StatusAsync(compound), change.GetProperty("compound").GetProperty("coverageStatus").GetString());
        var at = await fixture.ScalarAsync<DateTime>("SELECT at FROM changes WHERE operation = 'recordActivity' AND after->>'title' = '订阅测试活动'");
        Assert.Equal(at, change.GetProperty("at").GetDateTimeOffset().UtcDateTime, TimeSpan.FromMilliseconds(1));

        await SendAsync(socket, """{"id":"map","type":"complete"}""");
        await SendAsync(socket, """{"type":"ping"}""");
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_change_elsewhere_is_not_sent_and_a_rolled_back_write_is_never_heard()
    {
        var (inside, outside, district) = (await fixture.SqlAsync("""
            SELECT (SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.path LIKE '350800/350802/%' ORDER BY c.id OFFSET 5 LIMIT 1),
                   (SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.path LIKE '350800/350821/%' ORDER BY c.id LIMIT 1),
                   '350802'
            """, r => (r.GetInt32(0), r.GetInt32(1), r.GetString(2)))).Single();
        using var socket = await SubscribedAsync(fixture.Factory, district);
        var unit = WritesFixture.Id("CoBuildingUnit", await fixture.ScalarAsync<int>("SELECT id FROM co_building_units ORDER BY id OFFSET 13 LIMIT 1"));
        await fixture.MutateOkAsync("recordActivity", new { unitId = unit, compoundId = WritesFixture.Id("Compound", outside), title = "长汀活动", on = WritesFixture.TodayText }, "activity { id }");
        var refused = await fixture.MutateAsync("recordActivity", new { unitId = unit, compoundId = WritesFixture.Id("Compound", inside), title = "未来活动", on = WritesFixture.Day(WritesFixture.Today.AddDays(2)) });
        Assert.Equal(["INVALID_ARGUMENT input.on"], refused.CodedFields());
        await fixture.MutateOkAsync("recordActivity", new { unitId = unit, compoundId = WritesFixture.Id("Compound", inside), title = "新罗活动", on = WritesFixture.TodayText }, "activity { id }");

        var change = (await ReceiveAsync(socket))!.Value.GetProperty("payload").GetProperty("data").GetProperty("mapChanged");
        Assert.Equal(WritesFixture.Id("Compound", inside), change.GetProperty("compound").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"id":"1","type":"subscribe","payload":{"query":"{ __typename }"}}""", 4401)]
    [InlineData("""{"type":"connection_init"}|{"type":"connection_init"}""", 4429)]
    [InlineData("""{"type":"connection_init"}|{"type":"hello"}""", 4400)]
    [InlineData("""{"type":"connection_init"}|not json""", 4400)]
    [InlineData("""{"type":"connection_init"}|{"id":"a","type":"subscribe","payload":{"query":"subscription { mapChanged(areaCode: \"350800\") { kind } }"}}|{"id":"a","type":"subscribe","payload":{"query":"{ __typename }"}}""", 4409)]
    public async Task A_breach_of_the_protocol_closes_with_its_code(string messages, int code)
    {
        using var socket = await ConnectAsync(fixture.Factory);
        foreach (var message in messages.Split('|'))
        {
            await SendAsync(socket, message);
        }

        while (await ReceiveAsync(socket) is not null)
        {
        }

        Assert.Equal(code, (int)socket.CloseStatus!.Value);
    }

    [Fact]
    public async Task Another_subprotocol_is_refused_with_4406()
    {
        using var socket = await ConnectAsync(fixture.Factory, "graphql-ws");
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(4406, (int)socket.CloseStatus!.Value);
    }

    [Fact]
    public async Task A_query_over_the_socket_is_answered_then_completed_and_a_bad_one_is_an_error()
    {
        using var socket = await ConnectAsync(fixture.Factory);
        await SendAsync(socket, """{"type":"connection_init"}""");
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, """{"id":"q","type":"subscribe","payload":{"query":"{ area(code: \"350800\") { name } }"}}""");
        var next = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("龙岩市", next.GetProperty("payload").GetProperty("data").GetProperty("area").GetProperty("name").GetString());
        Assert.Equal("complete", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, """{"id":"bad","type":"subscribe","payload":{"query":"subscription { mapChanged(areaCode: \"999999\") { kind } }"}}""");
        var error = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("NOT_FOUND", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    /// <summary>The graphql-ws npm client, on a second server process, hears a write made through the first.</summary>
    [Fact]
    public async Task The_graphql_ws_client_on_a_second_server_hears_a_write_on_the_first()
    {
        var auditDir = Path.Combine(RepoPaths.Root, "tests", "audit");
        Assert.True(Directory.Exists(Path.Combine(auditDir, "node_modules", "graphql-ws")), "run `make audit-deps` (npm ci in tests/audit) first");
        await using var writer = await ServerProcess.StartAsync(fixture.ConnectionString);
        writer.Client.DefaultRequestHeaders.Authorization = new("Bearer", TestHost.Token(Role.Admin, subject: "test-writer"));
        await using var listener = await ServerProcess.StartAsync(fixture.ConnectionString);
        var compound = await fixture.ScalarAsync<int>("SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.path LIKE '350800/350802/%' ORDER BY c.id OFFSET 77 LIMIT 1");
        var start = new ProcessStartInfo("node") { WorkingDirectory = auditDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "subscribe.mjs", $"ws://{listener.Address.Authority}/graphql", "350802", "1", "60000" })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var stderr = node.StandardError.ReadToEndAsync();
        Assert.Contains("connected", await node.StandardOutput.ReadLineAsync(), StringComparison.Ordinal);
        var output = node.StandardOutput.ReadLineAsync();
        var unit = WritesFixture.Id("CoBuildingUnit", await fixture.ScalarAsync<int>("SELECT id FROM co_building_units ORDER BY id OFFSET 14 LIMIT 1"));
        // The client says nothing once its subscribe is in place, so write until it hears one (bounded).
        for (var attempt = 0; attempt < 60 && !output.IsCompleted; attempt++)
        {
            var answer = await writer.Client.PostAsync("mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activity { id } } }", new
            {
                input = new { unitId = unit, compoundId = WritesFixture.Id("Compound", compound), title = "graphql-ws 测试", on = WritesFixture.TodayText },
            });
            Assert.Empty(answer.CodedFields());
            await Task.WhenAny(output, Task.Delay(500));
        }

        var line = await output.WaitAsync(Patience);
        await node.WaitForExitAsync().WaitAsync(Patience);
        Assert.True(node.ExitCode == 0, await stderr);
        var change = JsonDocument.Parse(line!).RootElement.GetProperty("data").GetProperty("mapChanged");
        Assert.Equal("recordActivity", change.GetProperty("kind").GetString());
        Assert.Equal(WritesFixture.Id("Compound", compound), change.GetProperty("compound").GetProperty("id").GetString());
        Assert.Equal(await StatusAsync(compound), change.GetProperty("compound").GetProperty("coverageStatus").GetString());
    }

    [Fact]
    public async Task Sigterm_closes_subscriptions_with_going_away_and_a_reason()
    {
        await using var server = await ServerProcess.StartAsync(fixture.ConnectionString);
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(GeoHub.GraphQL.GraphQLWebSocketEndpoint.SubProtocol);
        await socket.ConnectAsync(new Uri($"ws://{server.Address.Authority}/graphql"), CancellationToken.None);
        await SendAsync(socket, """{"type":"connection_init","payload":{}}""");
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, """{"id":"s","type":"subscribe","payload":{"query":"subscription { mapChanged(areaCode: \"350802\") { kind } }"}}""");
        await SendAsync(socket, """{"type":"ping"}""");
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        server.Terminate();

        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal(GeoHub.GraphQL.GraphQLWebSocketEndpoint.GoingAwayReason, socket.CloseStatusDescription);
        // The open socket does not hold the shutdown up to its timeout (10 s).
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        await server.WaitForExitAsync(limit.Token);
    }
}
