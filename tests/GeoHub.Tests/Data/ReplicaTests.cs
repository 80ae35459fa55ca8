using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.Data;
using GeoHub.GraphQL;
using Npgsql;

namespace GeoHub.Tests.Data;

/// <summary>A primary with a hot standby (scripts/db.sh replica), both the tests' own.</summary>
public sealed class ReplicaFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync();
        await Cluster.StartReplicaAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// GeoHub over a multi-host connection string: reads from the standby, writes to the primary, a
/// caller reads its own writes while the standby lags, reads go on while the primary is down and
/// writes come back with it.
/// </summary>
public sealed class ReplicaTests(ReplicaFixture fixture) : IClassFixture<ReplicaFixture>
{
    private const string Book = """
        mutation($venue: ID!, $from: DateTime!, $to: DateTime!) {
          bookVenue(venueId: $venue, from: $from, to: $to, bookedBy: "副本测试", purpose: "半月谈") { id }
        }
        """;

    private const string Count = "query($venue: ID!) { bookings(where: { venueId: $venue }) { totalCount } }";

    [Fact]
    public async Task Reads_come_from_the_standby_writes_from_the_primary_and_a_caller_reads_its_own_writes()
    {
        await using var server = await ServerProcess.StartAsync(fixture.Cluster.PairConnectionString);
        var venue = await VenueAsync();
        var before = await CountAsync(server, venue, readAfter: null);

        await fixture.Cluster.PauseReplayAsync();
        try
        {
            var (answer, readAfter) = await SendAsync(server, Book, new { venue, from = "2019-09-02T09:00:00+08:00", to = "2019-09-02T10:00:00+08:00" });
            Assert.False(answer.TryGetProperty("errors", out var errors), errors.ToString());
            Assert.NotNull(readAfter);

            // The standby has not replayed the booking: a read without the position does not see
            // it (so it came from the standby), the writer's read with it does (the primary).
            Assert.Equal(before, await CountAsync(server, venue, readAfter: null));
            Assert.Equal(before + 1, await CountAsync(server, venue, readAfter));

            // A browser gets the same position as a cookie and sends it back by itself.
            using var browser = new HttpClient { BaseAddress = server.Address };
            browser.DefaultRequestHeaders.Authorization = Admin;
            var (_, _) = await SendAsync(browser, Book, new { venue, from = "2019-09-02T11:00:00+08:00", to = "2019-09-02T12:00:00+08:00" });
            var (seen, _) = await SendAsync(browser, Count, new { venue });
            Assert.Equal(before + 2, seen.GetProperty("data").GetProperty("bookings").GetProperty("totalCount").GetInt32());
            Assert.Equal(before, await CountAsync(server, venue, readAfter: null));
        }
        finally
        {
            await fixture.Cluster.ResumeReplayAsync();
        }

        await WaitForAsync(async () => await CountAsync(server, venue, readAfter: null) == before + 2, "the standby to replay the bookings");
    }

    [Fact]
    public async Task While_the_primary_is_down_reads_go_on_and_writes_are_unavailable_then_both_recover()
    {
        await using var server = await ServerProcess.StartAsync(fixture.Cluster.PairConnectionString, new Dictionary<string, string>
        {
            ["GeoHub__Database__RetryBudget"] = "00:00:01",
        });
        var venue = await VenueAsync();
        var before = await CountAsync(server, venue, readAfter: null);

        await fixture.Cluster.StopAsync();
        try
        {
            Assert.Equal(before, await CountAsync(server, venue, readAfter: null));
            var (refused, _) = await SendAsync(server, Book, new { venue, from = "2019-09-03T09:00:00+08:00", to = "2019-09-03T10:00:00+08:00" });
            Assert.Equal(ErrorCodes.DatabaseUnavailable, refused.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        }
        finally
        {
            await fixture.Cluster.RestartAsync();
        }

        Assert.Equal(before, await CountOnPrimaryAsync(venue));
        var clock = Stopwatch.StartNew();
        await WaitForAsync(async () =>
        {
            var (answer, _) = await SendAsync(server, Book, new { venue, from = "2019-09-04T09:00:00+08:00", to = "2019-09-04T10:00:00+08:00" });
            return !answer.TryGetProperty("errors", out _);
        }, "writes to come back");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"writes came back after {clock.Elapsed}");
        Assert.Equal(before + 1, await CountOnPrimaryAsync(venue));
    }

    // Bookings are internal data and booking is a write: the tests read and write as ADMIN.
    private static readonly AuthenticationHeaderValue Admin = new("Bearer", TestHost.Token(Role.Admin, subject: "replica-tests"));

    private async Task<string> VenueAsync()
    {
        await using var dataSource = DataServices.CreateDataSource(fixture.Cluster.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT min(id) FROM venues WHERE closed_on IS NULL");
        return GlobalId.Encode("Venue", (int)(await command.ExecuteScalarAsync())!);
    }

    private async Task<int> CountOnPrimaryAsync(string venue)
    {
        await using var dataSource = DataServices.CreateDataSource(fixture.Cluster.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM bookings WHERE venue_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = GlobalId.Decode(venue, "Venue") });
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> CountAsync(ServerProcess server, string venue, string? readAfter)
    {
        var (answer, _) = await SendAsync(server, Count, new { venue }, readAfter);
        Assert.False(answer.TryGetProperty("errors", out var errors), errors.ToString());
        return answer.GetProperty("data").GetProperty("bookings").GetProperty("totalCount").GetInt32();
    }

    private static async Task<(JsonElement Answer, string? ReadAfter)> SendAsync(ServerProcess server, string query, object variables, string? readAfter = null)
    {
        try
        {
            return await SendAsync(server.Client, query, variables, readAfter);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException(server.Output, exception);
        }
    }

    private static async Task<(JsonElement Answer, string? ReadAfter)> SendAsync(HttpClient client, string query, object variables, string? readAfter = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        if (readAfter is not null)
        {
            request.Headers.Add(ReadYourWrites.Header, readAfter);
        }

        request.Headers.Authorization ??= client.DefaultRequestHeaders.Authorization ?? Admin;

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 0, $"HTTP {(int)response.StatusCode} with an empty body");
        using var body = JsonDocument.Parse(text);
        return (body.RootElement.Clone(), response.Headers.TryGetValues(ReadYourWrites.Header, out var values) ? values.Single() : null);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"waited 30 s for {what}");
            await Task.Delay(200);
        }
    }
}
