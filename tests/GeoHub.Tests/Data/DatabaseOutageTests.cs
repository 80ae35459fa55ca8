using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Data;

/// <summary>A cluster of the tests' own, with the demo map, that they stop and start.</summary>
public sealed class OutageFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// The database restarts under a running server (issue 12): reads wait it out within the retry
/// budget, an idle server's dead pooled connections are not an error, and past the budget the
/// answer is DATABASE_UNAVAILABLE with 503 and Retry-After, while /health still says the process lives.
/// </summary>
public sealed class DatabaseOutageTests(OutageFixture fixture) : IClassFixture<OutageFixture>
{
    private const string Read = """{"query":"{ compounds(first: 3, where: { areaCode: \"350802\" }) { totalCount nodes { name households } } }"}""";

    [Fact]
    public async Task A_restart_of_three_seconds_loses_no_read_and_an_idle_server_answers_its_first_request()
    {
        // A budget well past the default 8 s: on a machine busy with the rest of the suite the
        // cluster may take seconds more to come back than the 3 s it is down; the point is that
        // no read is lost while it is within the budget.
        var settings = new Dictionary<string, string> { ["GeoHub__Database__RetryBudget"] = "00:00:30" };
        await using var busy = await ServerProcess.StartAsync(fixture.Cluster.ConnectionString, settings);
        await using var idle = await ServerProcess.StartAsync(fixture.Cluster.ConnectionString, settings);
        foreach (var server in new[] { busy, idle })
        {
            // Warm: the first query of a process builds the EF model, which is not what is measured.
            var (status, _) = await PostAsync(server, Read);
            Assert.Equal(HttpStatusCode.OK, status);
        }

        using var stop = new CancellationTokenSource();
        var answers = new ConcurrentBag<(HttpStatusCode Status, string Body, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (code, body) = await PostAsync(busy, Read);
                answers.Add((code, body, clock.Elapsed));
            }
        })).ToList();

        await Task.Delay(1000);
        var stoppedAt = clock.Elapsed;
        await fixture.Cluster.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await fixture.Cluster.RestartAsync();
        var restartedAt = clock.Elapsed;
        Assert.True(restartedAt - stoppedAt >= TimeSpan.FromSeconds(3), "the cluster was not down");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var failed = answers.Where(a => a.Status != HttpStatusCode.OK || a.Body.Contains("\"errors\"", StringComparison.Ordinal)).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {answers.Count} reads failed, e.g. {failed.FirstOrDefault().Body}");
        Assert.Contains(answers, a => a.At < stoppedAt);
        Assert.Contains(answers, a => a.At > restartedAt);

        // The idle server's pooled connection died with the restart; its first request must not fail.
        var (idleStatus, idleBody) = await PostAsync(idle, Read);
        Assert.Equal(HttpStatusCode.OK, idleStatus);
        Assert.DoesNotContain("\"errors\"", idleBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_the_retry_budget_reads_are_503_with_retry_after_and_health_stays_200()
    {
        await using var server = await ServerProcess.StartAsync(fixture.Cluster.ConnectionString, new Dictionary<string, string>
        {
            ["GeoHub__Database__RetryBudget"] = "00:00:01",
        });
        await fixture.Cluster.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative)) { Content = new StringContent(Read, Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/graphql-response+json");
            using var response = await server.Client.SendAsync(request);
            var took = clock.Elapsed;
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(ErrorCodes.DatabaseUnavailable, body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
            Assert.False(body.RootElement.TryGetProperty("data", out _));
            // One second of retries, and connections refused at once: bounded, however busy the machine.
            Assert.True(took < TimeSpan.FromSeconds(30), $"answered after {took}");

            using var legacy = await server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), new StringContent(Read, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
            Assert.NotNull(legacy.Headers.RetryAfter);

            using var map = await server.Client.GetAsync(new Uri("/maps/350802.geojson?asOf=2019-06-30", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, map.StatusCode);
            Assert.NotNull(map.Headers.RetryAfter);
            using var tile = await server.Client.GetAsync(new Uri("/tiles/compounds/12/3378/1754.mvt", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, tile.StatusCode);

            using var health = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));
            using var ready = await server.Client.GetAsync(new Uri("/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await fixture.Cluster.RestartAsync();
        }

        await server.WaitUntilReadyAsync();
        var (status, answer) = await PostAsync(server, Read);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("\"errors\"", answer, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(ServerProcess server, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
