using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace GeoHub.Bench;

/// <summary>One statement as the server sent it: the text and a copy of its parameters (values and types).</summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>
/// GeoHub hosted in this process, on a loopback port: the application `geohub serve` runs
/// (GeoHubApp.Build), except that its data sources report every command they run through
/// Npgsql's tracing hook. Sending one
/// request and collecting what was reported gives the exact SQL, parameters included, that the
/// server runs for that request.
/// </summary>
internal sealed class SqlCapture : IAsyncDisposable
{
    private readonly List<CapturedCommand> commands = [];
    private string connectionString = "";
    private readonly ActivityListener listener;
    private WebApplication? app;

    private SqlCapture()
    {
        // Npgsql creates its activities (and calls the enrichment hooks) only while someone listens.
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<SqlCapture> StartAsync(string connectionString)
    {
        var capture = new SqlCapture();
        // `geohub serve` itself (GeoHubApp: every service, middleware and endpoint), on a loopback
        // port, with Npgsql's tracing hook on its data sources, which reports every command the
        // server sends. The rate limiter is off: the capture sends as fast as the bench asks.
        capture.app = GeoHubApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--environment", "Production",
                $"--ConnectionStrings:GeoHub={connectionString}",
                "--GeoHub:Limits:RateLimiting=false",
                "--Logging:LogLevel:Default=Warning",
            ],
            sources => sources.ConfigureTracing(tracing => tracing
                .ConfigureCommandEnrichmentCallback((_, command) => capture.Add(command.CommandText, command.Parameters))
                .ConfigureBatchEnrichmentCallback((_, batch) =>
                {
                    foreach (var command in batch.BatchCommands.Cast<NpgsqlBatchCommand>())
                    {
                        capture.Add(command.CommandText, command.Parameters);
                    }
                })));
        capture.connectionString = connectionString;
        await capture.app.StartAsync();
        capture.BaseAddress = new Uri(capture.app.Urls.First());
        return capture;
    }

    /// <summary>
    /// Runs the request twice (the first warms type loading and caches) and returns what the second
    /// ran. Between the two the map version is bumped, on a connection that is not traced, so a
    /// tile is drawn again rather than served from the tile cache: the SQL measured is the cold cost.
    /// </summary>
    public async Task<List<CapturedCommand>> CaptureAsync(BenchRequest request)
    {
        using var client = BenchRun.Client(BaseAddress);
        await request.SendAsync(client, check: true);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var bump = new NpgsqlCommand("UPDATE map_version SET version = version + 1 WHERE id = 1", connection);
            await bump.ExecuteNonQueryAsync();
        }

        lock (commands)
        {
            commands.Clear();
        }

        await request.SendAsync(client, check: true);
        lock (commands)
        {
            return [.. commands];
        }
    }

    private void Add(string sql, NpgsqlParameterCollection parameters)
    {
        var copy = parameters.Select(p => p.Clone()).ToList();
        lock (commands)
        {
            commands.Add(new CapturedCommand(sql, copy));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        listener.Dispose();
    }
}
