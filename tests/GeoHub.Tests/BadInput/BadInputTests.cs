using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeoHub.Access;
using GeoHub.Changes;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Maps;
using GeoHub.Tests.Access;
using GeoHub.Tests.Changes;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.BadInput;

/// <summary>
/// The demo map in a database of its own, which bad input must leave as it is; and, for the rows
/// where a real socket matters, `geohub serve` over the same database, started when first asked.
/// </summary>
public sealed class BadInputFixture : DatabaseFixture
{
    private readonly Lazy<Task<ServerProcess>> server;
    private string? fingerprintSql;
    private bool ready;

    public BadInputFixture()
        : base("badinput") =>
        server = new(() => ServerProcess.StartAsync(ConnectionString));

    protected override async Task SeedAsync(GeoHubDb db) => await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);

    /// <summary>Ready (derived lists filled, the change feed listening): nothing writes in the background while rows run.</summary>
    public async Task WaitUntilReadyAsync()
    {
        if (ready)
        {
            return;
        }

        using var client = CreateClient();
        var clock = Stopwatch.StartNew();
        while (!(await client.GetAsync(new Uri("/ready", UriKind.Relative))).IsSuccessStatusCode)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the test server never became ready");
            await Task.Delay(100);
        }

        await Factory.Services.GetRequiredService<ChangeFeed>().Listening.WaitAsync(TimeSpan.FromSeconds(60));
        ready = true;
    }

    public Task<ServerProcess> SocketServerAsync() => server.Value;

    /// <summary>
    /// Every table of the public schema: its row count and the newest row version (xmin). An
    /// insert or update gives a row a new xmin, a delete lowers the count, and a rolled-back write
    /// leaves no visible row, so equal fingerprints mean nothing was committed. The audit schema is
    /// left out: refusals are audited by design. Cheaper than hashing every row's text (the
    /// compounds' boundaries), which a hundred-odd rows would do twice each.
    /// </summary>
    public async Task<string> FingerprintAsync()
    {
        fingerprintSql ??= (await SqlAsync<string>("""
            SELECT string_agg(format('SELECT %L || '' '' || count(*) || ''/'' || coalesce(max(xmin::text::bigint), 0) FROM public.%I', table_name, table_name), ' UNION ALL ' ORDER BY table_name)
            FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            """)).Single();
        // Sorted here: a parallel plan may return the UNION's branches in any order.
        return string.Join("\n", (await SqlAsync<string>(fingerprintSql)).Order(StringComparer.Ordinal));
    }

    public override async Task DisposeAsync()
    {
        if (server.IsValueCreated)
        {
            await (await server.Value).DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>One row of bad-inputs.md.</summary>
public sealed record BadInputRow(
    int Number, string Surface, string Kind, string Caller, string Method, string Target,
    IReadOnlyList<(string Name, string Value)> Headers, string? Body, string Via, string Status, string Code)
{
    public override string ToString() => $"#{Number} {Surface}: {Kind}";
}

/// <summary>Reads the table of bad-inputs.md (the table is the test's data, so they cannot drift apart).</summary>
public static partial class BadInputTable
{
    public static string File => Path.Combine(RepoPaths.Root, "tests", "GeoHub.Tests", "BadInput", "bad-inputs.md");

    public static IReadOnlyList<BadInputRow> Rows { get; } = Read();

    private static List<BadInputRow> Read()
    {
        List<BadInputRow> rows = [];
        foreach (var line in System.IO.File.ReadLines(File))
        {
            if (!RowLine().IsMatch(line))
            {
                continue;
            }

            var cells = CellSeparator().Split(line.Trim().Trim('|')).Select(c => c.Trim().Replace("\\|", "|", StringComparison.Ordinal)).ToArray();
            Assert.True(cells.Length == 8, $"bad-inputs.md: a row needs 8 cells: {line}");
            var spans = CodeSpan().Matches(cells[4]).Select(m => m.Groups[1].Value).ToList();
            Assert.True(spans.Count > 0, $"bad-inputs.md: no request in {line}");
            var target = spans[0].Split(' ', 2);
            List<(string, string)> headers = [];
            string? body = null;
            foreach (var span in spans.Skip(1))
            {
                if (!span.StartsWith("gen:", StringComparison.Ordinal) && HeaderSpan().Match(span) is { Success: true } header)
                {
                    headers.Add((header.Groups[1].Value, header.Groups[2].Value));
                }
                else
                {
                    Assert.True(body is null, $"bad-inputs.md: two bodies in {line}");
                    body = span;
                }
            }

            rows.Add(new(int.Parse(cells[0], CultureInfo.InvariantCulture), cells[1], cells[2], cells[3], target[0], target[1], headers, body, cells[5], cells[6], cells[7]));
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*\d+\s*\|")]
    private static partial Regex RowLine();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$")]
    private static partial Regex HeaderSpan();
}

/// <summary>
/// Issue 12 part 5: each kind of bad input in bad-inputs.md is answered with its status and code
/// within 10 s, writes nothing, and leaves the server answering.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<int, string> Rows()
    {
        var data = new TheoryData<int, string>();
        foreach (var row in BadInputTable.Rows)
        {
            data.Add(row.Number, $"{row.Surface}: {row.Kind}");
        }

        return data;
    }

    [Fact]
    public void The_table_holds_at_least_60_distinct_kinds_numbered_in_order()
    {
        var rows = BadInputTable.Rows;
        Assert.True(rows.Count >= 60, $"{rows.Count} rows");
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Number));
        var repeated = rows.GroupBy(r => (r.Surface, r.Kind)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "kinds listed twice: " + string.Join(", ", repeated));
        Assert.True(rows.Select(r => r.Surface).Distinct().Count() >= 10, "the rows should cover the surfaces");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_bad_input_is_answered_with_its_code_in_bounded_time_and_writes_nothing(int number, string kind)
    {
        var row = BadInputTable.Rows.Single(r => r.Number == number);
        await fixture.WaitUntilReadyAsync();
        var server = row.Via == "socket" ? await fixture.SocketServerAsync() : null;
        var request = await PrepareAsync(row);
        var before = await fixture.FingerprintAsync();

        var clock = Stopwatch.StartNew();
        var (status, codes, body) = row.Method == "WS" ? await SendOverWebSocketAsync(row, request) : await SendAsync(row, request, server);
        var took = clock.Elapsed;

        var expected = row.Code == "-" ? [] : new[] { row.Code };
        Assert.True(status == row.Status && codes.SequenceEqual(expected), $"{kind}: expected {row.Status} {row.Code}, got {status} [{string.Join(", ", codes)}] {Shorten(body)}");
        Assert.True(took < Bound, $"{kind}: answered in {took}");
        var after = await fixture.FingerprintAsync();
        Assert.True(before == after, $"{kind}: written: {string.Join(", ", after.Split('\n').Except(before.Split('\n')))}");
        await AssertHealthyAsync(server);
    }

    /// <summary>What a row sends: its body (from the cell, or made by its generator) and any headers a generator adds.</summary>
    private sealed record Prepared(byte[]? Body, List<(string Name, string Value)> Headers, IReadOnlyList<string> Messages);

    private async Task<Prepared> PrepareAsync(BadInputRow row)
    {
        var headers = row.Headers.Select(h => (h.Name, h.Value.StartsWith("gen:", StringComparison.Ordinal)
            ? new string('k', int.Parse(h.Value[4..], CultureInfo.InvariantCulture)) : h.Value)).ToList();
        var text = row.Body?
            .Replace("$today", WritesFixture.Day(WritesFixture.Today), StringComparison.Ordinal)
            .Replace("$tomorrow", WritesFixture.Day(WritesFixture.Today.AddDays(1)), StringComparison.Ordinal);
        if (text is not null && text.StartsWith("gen:", StringComparison.Ordinal))
        {
            return await GenerateAsync(text[4..], headers);
        }

        if (row.Method == "WS")
        {
            using var messages = JsonDocument.Parse(text ?? "[]");
            return new(null, headers, [.. messages.RootElement.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText())]);
        }

        return new(text is null ? null : Encoding.UTF8.GetBytes(text), headers, []);
    }

    private async Task<Prepared> GenerateAsync(string name, List<(string Name, string Value)> headers)
    {
        static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
        static Prepared Body(byte[] body, List<(string, string)> headers) => new(body, headers, []);
        switch (name)
        {
            case "empty":
                return Body([], headers);
            case "body-2mb":
                return Body(Json(new { query = "{ __typename }", variables = new { padding = new string('a', 2_000_000) } }), headers);
            case "invalid-utf8":
                return Body([.. Encoding.UTF8.GetBytes("""{"query":"{ __typename } # """), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")], headers);
            case "nul-byte":
                return Body([.. Encoding.UTF8.GetBytes("""{"query":"{ __typename """), 0x00, .. Encoding.UTF8.GetBytes("}\"}")], headers);
            case "json-depth-10000":
                return Body(Encoding.UTF8.GetBytes("""{"query":"{ __typename }","variables":{"a":""" + new string('[', 10_000) + new string(']', 10_000) + "}}"), headers);
            case "document-40k":
                return Body(Json(new { query = "{ __typename }\n#" + new string('x', 40_000) }), headers);
            case "depth-60":
                return Body(Json(new { query = "{ compounds(first: 1) { nodes { community " + string.Concat(Enumerable.Repeat("{ parent ", 56)) + "{ code }" + new string('}', 56) + " } } }" }), headers);
            case "aliases-150":
                return Body(Json(new { query = "{ " + string.Join(' ', Enumerable.Range(0, 150).Select(i => $"a{i}: __typename")) + " }" }), headers);
            case "fragment-bomb-30":
                return Body(Json(new
                {
                    query = "query { ...f0 } " + string.Join(' ', Enumerable.Range(0, 30).Select(i => $"fragment f{i} on Query {{ __typename {(i < 29 ? $"...f{i + 1} ...f{i + 1}" : "")} }}")),
                }), headers);
            case "tokens-6000":
                return Body(Json(new { query = "{ nodes(ids: [" + string.Concat(Enumerable.Repeat("\"1\" ", 6000)) + "]) { id } }" }), headers);
            case "directives-60":
                return Body(Json(new { query = "{ __typename " + string.Join(' ', Enumerable.Range(0, 60).Select(_ => "@include(if: true)")) + " }" }), headers);
            case "cursor-of-venues":
                var venues = await EndCursorAsync("{ venues(first: 1) { pageInfo { endCursor } } }", "venues");
                return Body(Json(new { query = "query($c: String) { compounds(first: 1, after: $c) { totalCount } }", variables = new { c = venues } }), headers);
            case "cursor-of-other-order":
                var byName = await EndCursorAsync("{ compounds(first: 1, order: [{ name: ASC }]) { pageInfo { endCursor } } }", "compounds");
                return Body(Json(new { query = "query($c: String) { compounds(first: 1, after: $c) { totalCount } }", variables = new { c = byName } }), headers);
            case "polygon-1e6":
                return Body(Import(Ring(1_000_000, crossing: false)), headers);
            case "polygon-35000-crossing":
                return Body(Import(Ring(35_000, crossing: true)), headers);
            case "idempotency-reused":
                // The key is first used for one request (which stores its answer), then for another body.
                var key = "bad-input-" + Guid.NewGuid().ToString("N");
                using (var first = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative)) { Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json") })
                {
                    first.Headers.Authorization = new("Bearer", TestHost.Token(Role.Admin));
                    first.Headers.Add(Idempotency.Header, key);
                    using var client = fixture.CreateClient();
                    using var answer = await client.SendAsync(first);
                    Assert.True(answer.IsSuccessStatusCode, $"the key's first use: {(int)answer.StatusCode}");
                }

                return Body(Encoding.UTF8.GetBytes("""{"query":"{ viewer { role } }"}"""), [.. headers, (Idempotency.Header, key)]);
            case "ws-message-100k":
                return new(null, headers, ["""{"type":"connection_init"}""", JsonSerializer.Serialize(new { id = "1", type = "subscribe", payload = new { query = "{ __typename }\n#" + new string('x', 100_000) } })]);
            default:
                throw new InvalidOperationException($"bad-inputs.md names an unknown generator gen:{name}");
        }
    }

    private async Task<string> EndCursorAsync(string query, string connection)
    {
        using var client = fixture.CreateClient();
        var data = await client.QueryAsync(query);
        return data.GetProperty(connection).GetProperty("pageInfo").GetProperty("endCursor").GetString()!;
    }

    /// <summary>
    /// A ring of <paramref name="vertices"/> positions on a circle of about 40 m inside community
    /// 350802001001, clear of its compounds; crossing: two neighbouring positions swapped, so that
    /// the ring crosses itself once there (valid otherwise, it would be written).
    /// </summary>
    private static StringBuilder Ring(int vertices, bool crossing)
    {
        var ring = new StringBuilder(vertices * 26);
        for (var i = 0; i <= vertices; i++)
        {
            var at = i == vertices ? 0 : crossing && i == 100 ? 101 : crossing && i == 101 ? 100 : i;
            var angle = 2 * Math.PI * at / vertices;
            ring.Append(CultureInfo.InvariantCulture, $"[{117.018 + (0.0004 * Math.Cos(angle)):F7},{24.991 + (0.0004 * Math.Sin(angle)):F7}]");
            if (i < vertices)
            {
                ring.Append(',');
            }
        }

        return ring;
    }

    private static byte[] Import(StringBuilder ring) =>
        Encoding.UTF8.GetBytes(
            """{"query":"mutation($f: GeoJSON!) { importCompounds(communityCode: \"350802001001\", features: $f) { created } }","variables":{"f":{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"多点小区"},"geometry":{"type":"Polygon","coordinates":[["""
            + ring + "]]}}]}}}");

    private async Task<(string Status, IReadOnlyList<string> Codes, string Body)> SendAsync(BadInputRow row, Prepared prepared, ServerProcess? server)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(row.Target, UriKind.Relative));
        var graphQL = row.Target.StartsWith("/graphql", StringComparison.Ordinal);
        if (prepared.Body is not null)
        {
            request.Content = new ByteArrayContent(prepared.Body);
            if (!prepared.Headers.Any(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
        }

        if (graphQL && !prepared.Headers.Any(h => h.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.Accept.ParseAdd(GraphQLHttpEndpoint.GraphQLResponseJson);
        }

        foreach (var (name, value) in prepared.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Length > 0)
                {
                    request.Content!.Headers.TryAddWithoutValidation(name, value);
                }
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content!.Headers.TryAddWithoutValidation(name, value);
            }
        }

        switch (row.Caller)
        {
            case "-":
                break;
            case "basic":
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
                break;
            case var caller when caller.StartsWith("token:", StringComparison.Ordinal):
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", IdentityTests.Bad(caller["token:".Length..]));
                break;
            case var caller:
                var parts = caller.Split(':', 2);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestHost.Token(Enum.Parse<Role>(parts[0], ignoreCase: true), parts.Length > 1 ? parts[1].Split(',') : null));
                break;
        }

        using var client = server is null ? fixture.CreateClient() : null;
        using var response = await (client ?? server!.Client).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), CodesOf(body), body);
    }

    /// <summary>The codes of a GraphQL answer (every error's, once each) or of a { code, message } body; none for anything else.</summary>
    private static IReadOnlyList<string> CodesOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors))
            {
                return [.. errors.EnumerateArray().Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "(none)").Distinct()];
            }

            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code) ? [code.GetString() ?? ""] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private async Task<(string Status, IReadOnlyList<string> Codes, string Body)> SendOverWebSocketAsync(BadInputRow row, Prepared prepared)
    {
        var client = fixture.Factory.Server.CreateWebSocketClient();
        var protocol = prepared.Headers.FirstOrDefault(h => h.Name.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase)).Value;
        client.SubProtocols.Add(protocol ?? GraphQLWebSocketEndpoint.SubProtocol);
        using var socket = await client.ConnectAsync(new Uri("ws://localhost" + row.Target), CancellationToken.None);
        foreach (var message in prepared.Messages)
        {
            if (socket.State != WebSocketState.Open)
            {
                break;
            }

            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The server closed the socket on an earlier message: its close is read below.
                break;
            }
        }

        using var timeout = new CancellationTokenSource(Bound);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                text.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ($"close {(int)socket.CloseStatus!.Value}", [], socket.CloseStatusDescription ?? "");
            }

            using var json = JsonDocument.Parse(text.ToArray());
            if (json.RootElement.GetProperty("type").GetString() == "error")
            {
                var payload = json.RootElement.GetProperty("payload");
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return ("ws error", [.. payload.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!).Distinct()], payload.GetRawText());
            }
        }
    }

    /// <summary>The server that took the row still answers a plain query.</summary>
    private async Task AssertHealthyAsync(ServerProcess? server)
    {
        using var content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json");
        using var client = server is null ? fixture.CreateClient() : null;
        using var response = await (client ?? server!.Client).PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"after the row: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Query", json.RootElement.GetProperty("data").GetProperty("__typename").GetString());
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
