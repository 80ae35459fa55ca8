using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GeoHub.Data;
using GeoHub.GraphQL;
using Npgsql;

namespace GeoHub.Tests.GraphQL;

/// <summary>
/// `geohub serve` in its own process over an empty, migrated database, with a short request
/// budget, so that its CPU can be watched from outside as an attacker's target would be.
/// </summary>
public sealed class HostileServerFixture() : DatabaseFixture("hostile")
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public ServerProcess Server { get; private set; } = null!;

    protected override async Task SeedAsync(GeoHubDb db)
    {
        Server = await ServerProcess.StartAsync(ConnectionString, new Dictionary<string, string>
        {
            ["GeoHub__Limits__RequestBudget"] = Budget.ToString(),
        });
        await WarmUpAsync(Server);
    }

    /// <summary>
    /// The first query of a process builds the EF model and compiles the query (seconds on a
    /// busy machine): done once here, so that the tests time the refusals and cancellations.
    /// </summary>
    public static async Task WarmUpAsync(ServerProcess server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var warmUps = new object[]
        {
            new { query = "{ compounds(first: 1) { nodes { name } } }" },
            new { query = "query { ...f } fragment f on Query { __typename }" },
            new { query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables = new { ids = Array.Empty<string>() } },
        };
        foreach (var warmUp in warmUps)
        {
            using var content = new StringContent(JsonSerializer.Serialize(warmUp), Encoding.UTF8, "application/json");
            using var response = await server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
        }
    }

    public override async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Request shapes that once pinned a core (issue 13): each is answered with its code within a
/// second, and the server is healthy and idle afterwards.
/// </summary>
public sealed class HostileDocumentTests(HostileServerFixture fixture) : IClassFixture<HostileServerFixture>
{
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(1);

    public static TheoryData<string, string, string> FragmentBombs => new()
    {
        // 2³⁰ expansions: each fragment spreads the next twice.
        { "chain of 30", Chain(30, "Query", "__typename"), ErrorCodes.Complexity },
        // 2⁴⁵, and a longer text.
        { "chain of 45", Chain(45, "Query", "__typename"), ErrorCodes.Complexity },
        // Every fragment spreads every earlier one: 2⁴⁰ paths through 40 shared fragments.
        { "dense 40", Dense(40), ErrorCodes.Complexity },
        // The same inside a connection's nodes, where every expansion would be multiplied by the page.
        { "nested in nodes", "{ compounds(first: 1) { nodes { ...c0 } } } " + string.Join(' ', Enumerable.Range(0, 30).Select(i => $"fragment c{i} on Compound {{ name {(i < 29 ? $"...c{i + 1} ...c{i + 1}" : "")} }}")), ErrorCodes.Complexity },
        // Inline fragments between the spreads.
        { "through inline fragments", "query { ...i0 } " + string.Join(' ', Enumerable.Range(0, 30).Select(i => $"fragment i{i} on Query {{ __typename {(i < 29 ? $"... on Query {{ ...i{i + 1} }} ... {{ ...i{i + 1} }}" : "")} }}")), ErrorCodes.Complexity },
        // More fragments than a document may define.
        { "chain of 200", Chain(200, "Query", "__typename"), ErrorCodes.TooManyFragments },
        // A cycle, which validation would also refuse: found before any walk.
        { "cycle", "query { ...a } fragment a on Query { __typename ...b } fragment b on Query { ...a }", ErrorCodes.NoFragmentCycles },
    };

    public static TheoryData<string, string, string> Floods => new()
    {
        { "1,500 aliases", "{ " + string.Join(' ', Enumerable.Range(0, 1500).Select(i => $"a{i}: __typename")) + " }", ErrorCodes.TooManyAliases },
        { "101 aliased venue gaps", "{ " + string.Join(' ', Enumerable.Range(0, 101).Select(i => $"g{i}: venueGaps(areaCode: \"350802\", maxDistanceMeters: 500) {{ distanceMeters }}")) + " }", ErrorCodes.TooManyAliases },
        { "20 aliased city battle maps", "{ " + string.Join(' ', Enumerable.Range(0, 20).Select(i => $"m{i}: battleMap(areaCode: \"350800\")")) + " }", ErrorCodes.Complexity },
        { "1,200 fields", "{ " + string.Join(' ', Enumerable.Range(0, 1200).Select(_ => "__typename")) + " }", ErrorCodes.TooManyFields },
        { "100 directives", "{ __typename " + string.Join(' ', Enumerable.Range(0, 100).Select(_ => "@include(if: true)")) + " }", ErrorCodes.TooManyDirectives },
        { "20,000 literal ids", "{ nodes(ids: [" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"{i}\"")) + "]) { id } }", ErrorCodes.TooManyTokens },
        { "2,000 arguments", "{ compounds(" + string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"a{i}: 1")) + ") { totalCount } }", ErrorCodes.TooManyTokens },
        { "a megabyte-long comment", "{ __typename }\n#" + new string('x', 900_000), ErrorCodes.DocumentTooLarge },
        { "a page of 100,000", "{ compounds(first: 100000) { nodes { nearbyCoBuildingUnits(withinMeters: 1000, first: 100) { distanceMeters } } } }", ErrorCodes.Complexity },
    };

    [Theory]
    [MemberData(nameof(FragmentBombs))]
    public async Task Fragment_bombs_are_refused_with_a_code_at_once(string shape, string query, string code)
    {
        await AssertRefusedAsync(shape, JsonSerializer.Serialize(new { query }), code);
        await AssertHealthyAndIdleAsync();
    }

    [Theory]
    [MemberData(nameof(Floods))]
    public async Task Floods_of_aliases_fields_directives_and_arguments_are_refused_with_their_codes(string shape, string query, string code)
    {
        await AssertRefusedAsync(shape, JsonSerializer.Serialize(new { query }), code);
        await AssertHealthyAndIdleAsync();
    }

    [Theory]
    [InlineData(13)]
    [InlineData(60)]
    [InlineData(500)]
    [InlineData(5000)]
    public async Task Deep_nesting_is_refused_with_the_depth_code_at_any_depth(int levels)
    {
        // compounds, nodes, community, the parents, code: levels fields deep.
        var query = "{ compounds(first: 1) { nodes { community " + string.Concat(Enumerable.Repeat("{ parent ", levels - 4)) + "{ code }" + new string('}', levels - 4) + " } } }";
        await AssertRefusedAsync($"{levels} levels", JsonSerializer.Serialize(new { query }), ErrorCodes.DepthLimit);
        await AssertHealthyAndIdleAsync();
    }

    [Theory]
    [InlineData(60)]
    [InlineData(5000)]
    public async Task Deeply_nested_input_values_are_refused_with_the_depth_code(int levels)
    {
        var query = "{ nodes(ids: " + new string('[', levels) + new string(']', levels) + ") { id } }";
        await AssertRefusedAsync($"{levels} nested lists", JsonSerializer.Serialize(new { query }), ErrorCodes.DepthLimit);
        await AssertHealthyAndIdleAsync();
    }

    [Fact]
    public async Task A_variable_list_of_100000_ids_costs_what_it_asks_for()
    {
        var body = JsonSerializer.Serialize(new
        {
            query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            // Bare numbers keep the body under the 1 MB request limit; the cost is measured before any id is read.
            variables = new { ids = Enumerable.Range(0, 100_000).Select(i => (i % 10).ToString(CultureInfo.InvariantCulture)).ToArray() },
        });
        await AssertRefusedAsync("100,000 ids", body, ErrorCodes.Complexity);
        await AssertHealthyAndIdleAsync();
    }

    [Fact]
    public async Task Documents_at_the_limits_still_run()
    {
        // Twelve levels of fields and a modest fragment tree are ordinary queries.
        var deep = "{ compounds(first: 1) { nodes { community " + string.Concat(Enumerable.Repeat("{ parent ", 8)) + "{ code }" + new string('}', 8) + " } } }";
        var (status, answer) = await PostAsync(JsonSerializer.Serialize(new { query = deep }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(answer.TryGetProperty("errors", out var errors), errors.ToString());

        var (bombStatus, bomb) = await PostAsync(JsonSerializer.Serialize(new { query = Chain(10, "Query", "__typename") }));
        Assert.Equal(HttpStatusCode.OK, bombStatus);
        Assert.Equal("Query", bomb.GetProperty("data").GetProperty("__typename").GetString());
    }

    [Fact]
    public async Task A_request_whose_client_goes_away_stops_and_its_sql_is_gone_within_a_second()
    {
        await using var lockHolder = await LockCompoundsAsync();
        using var cancel = new CancellationTokenSource();
        var request = fixture.Server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), Json(BlockedQuery), cancel.Token);

        await WaitForBlockedSqlAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var gone = Stopwatch.StartNew();
        while (await BlockedSqlCountAsync() > 0)
        {
            Assert.True(gone.Elapsed < Answered, "the cancelled request's SQL still runs");
            await Task.Delay(20);
        }

        await lockHolder.DisposeAsync();
        await AssertHealthyAndIdleAsync();
    }

    [Fact]
    public async Task A_request_past_its_budget_is_a_timeout_and_its_sql_is_gone()
    {
        await using var lockHolder = await LockCompoundsAsync();
        var clock = Stopwatch.StartNew();
        var (status, body) = await PostAsync(BlockedQuery);
        var took = clock.Elapsed;

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal([ErrorCodes.Timeout], CodesOf(body));
        Assert.InRange(took, HostileServerFixture.Budget - TimeSpan.FromMilliseconds(100), HostileServerFixture.Budget + Answered);
        Assert.Equal(0, await BlockedSqlCountAsync());
        await lockHolder.DisposeAsync();
        await AssertHealthyAndIdleAsync();
    }

    [Fact]
    public async Task Sigterm_is_not_held_up_by_a_request_that_would_run_for_minutes()
    {
        await using var server = await ServerProcess.StartAsync(fixture.ConnectionString, new Dictionary<string, string>
        {
            ["GeoHub__Limits__RequestBudget"] = "00:05:00",
            ["GeoHub__ShutdownTimeout"] = "00:00:02",
        });
        await HostileServerFixture.WarmUpAsync(server);
        await using var lockHolder = await LockCompoundsAsync();
        var request = server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), Json(BlockedQuery));
        await WaitForBlockedSqlAsync();

        var clock = Stopwatch.StartNew();
        server.Terminate();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.WaitForExitAsync(limit.Token);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(3), $"exit took {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<Exception>(() => request);
        await lockHolder.DisposeAsync();
        Assert.Equal(0, await BlockedSqlCountAsync());
    }

    /// <summary>
    /// A server killed mid-request sends no cancel: its statement, waiting on a lock that is
    /// still held, ends only because its connection carries statement_timeout (the longest
    /// request budget and a second, CallerLimits.StatementTimeout).
    /// </summary>
    [Fact]
    public async Task A_statement_outlives_no_budget_even_when_its_server_is_killed()
    {
        await using var server = await ServerProcess.StartAsync(fixture.ConnectionString, new Dictionary<string, string>
        {
            ["GeoHub__Limits__RequestBudget"] = "00:00:02",
        });
        await HostileServerFixture.WarmUpAsync(server);
        await using var lockHolder = await LockCompoundsAsync();
        var request = server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), Json(BlockedQuery));
        await WaitForBlockedSqlAsync();
        var started = Stopwatch.StartNew();
        await server.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => request);

        while (await BlockedSqlCountAsync() > 0)
        {
            // statement_timeout is 3 s from the statement's start; the lock is held all along.
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(3) + Answered + Answered, "the killed server's statement still runs");
            await Task.Delay(50);
        }

        await lockHolder.DisposeAsync();
    }

    // Reads compounds, which LockCompoundsAsync holds: the statement waits on the lock for as long as it is held.
    private static readonly string BlockedQuery = JsonSerializer.Serialize(new { query = "{ compounds(first: 1) { nodes { name } } }" });

    private static string Chain(int count, string type, string field) =>
        "query { ...f0 } " + string.Join(' ', Enumerable.Range(0, count).Select(i =>
            $"fragment f{i} on {type} {{ {field} {(i < count - 1 ? $"...f{i + 1} ...f{i + 1}" : "")} }}"));

    private static string Dense(int count) =>
        $"query {{ ...d{count - 1} }} " + string.Join(' ', Enumerable.Range(0, count).Select(i =>
            $"fragment d{i} on Query {{ __typename {string.Join(' ', Enumerable.Range(0, i).Select(j => $"...d{j}"))} }}"));

    /// <summary>
    /// Refused with its code, for less than a second of the server's CPU. CPU rather than the
    /// clock: on a machine busy with other work a request may wait for a core, but what it costs
    /// the server is the attack (the runaway documents cost minutes of it). The clock only has
    /// to show that nothing waited on the work.
    /// </summary>
    private async Task AssertRefusedAsync(string shape, string body, string code)
    {
        var clock = Stopwatch.StartNew();
        var cpu = fixture.Server.CpuTime();
        var (status, answer) = await PostAsync(body);
        var took = clock.Elapsed;
        var used = fixture.Server.CpuTime() - cpu;

        Assert.True(used < Answered, $"{shape}: took {used.TotalMilliseconds} ms of the server's CPU");
        Assert.True(took < TimeSpan.FromSeconds(10), $"{shape}: answered in {took}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([code], CodesOf(answer));
    }

    /// <summary>The server still answers, and spends (almost) no CPU while nobody asks it anything.</summary>
    private async Task AssertHealthyAndIdleAsync()
    {
        var (status, answer) = await PostAsync("""{"query":"{ __typename }"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Query", answer.GetProperty("data").GetProperty("__typename").GetString());
        // Runaway work holds a core (1,000 ms in every second, until it ends); the JIT's background
        // tiering and a GC after a large body take a fraction of one second, once. So the server
        // is idle when one of five seconds in a row is quiet: runaway work keeps all five busy.
        List<double> seconds = [];
        for (var i = 0; i < 5; i++)
        {
            var cpu = await fixture.Server.CpuOverAsync(TimeSpan.FromSeconds(1));
            seconds.Add(cpu.TotalMilliseconds);
            if (cpu < TimeSpan.FromMilliseconds(300))
            {
                return;
            }
        }

        Assert.Fail($"the server used {string.Join(", ", seconds)} ms of CPU in five seconds in a row while idle");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative)) { Content = Json(body) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await fixture.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static StringContent Json(string body)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        return content;
    }

    private static string[] CodesOf(JsonElement answer) =>
        [.. answer.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!)];

    /// <summary>Holds compounds in ACCESS EXCLUSIVE mode until disposed, so that any read of it waits.</summary>
    private async Task<TableLock> LockCompoundsAsync()
    {
        var connection = await fixture.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("LOCK TABLE compounds IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    private async Task WaitForBlockedSqlAsync()
    {
        var clock = Stopwatch.StartNew();
        while (await BlockedSqlCountAsync() == 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                var database = new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Database!;
                var rows = await fixture.SqlAsync("SELECT state || ' ' || coalesce(wait_event_type, '-') || ' ' || left(query, 80) FROM pg_stat_activity WHERE datname = @db", reader => reader.GetString(0), ("db", database));
                Assert.Fail("the request's SQL never started: " + string.Join(" | ", rows) + "\n" + fixture.Server.Output);
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Backends of this database running a statement on compounds, other than the lock itself.</summary>
    private async Task<int> BlockedSqlCountAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Database!;
        var counts = await fixture.SqlAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND state = 'active' AND pid <> pg_backend_pid() AND query ILIKE '%compounds%' AND query NOT ILIKE 'LOCK TABLE%'",
            reader => reader.GetInt64(0), ("db", database));
        return (int)counts[0];
    }

    private sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private bool released;

        public async ValueTask DisposeAsync()
        {
            if (released)
            {
                return;
            }

            released = true;
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
