using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeoHub.Load;
using Npgsql;

// A mixed load of reads and writes against one `geohub serve`, for `make bench` (scripts/bench-load.sh):
//   geohub-load --url URL --db CONNECTION --pid SERVER_PID --seconds N [--clients 8] [--restart-at S --restart CMD] [--token T] --out FILE
// Every acknowledged write (a booking with its id) is checked in the database at the end.
var options = LoadOptions.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(60) };
if (options.Token is not null)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
}

var world = await World.ReadAsync(options.Database);
var samples = new ConcurrentBag<Sample>();
var acknowledged = new ConcurrentBag<int>();
var memory = new ConcurrentBag<(double At, long RssBytes)>();
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));

var sampler = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        memory.Add((clock.Elapsed.TotalSeconds, Rss(options.Pid)));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
        }
        catch (OperationCanceledException)
        {
            break;
        }
    }
});

double? restartedAt = null;
var restarter = options.RestartAt is { } at && options.RestartCommand is { } command
    ? Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(at));
        using var restart = Process.Start("bash", ["-c", command]) ?? throw new InvalidOperationException("restart did not start");
        await restart.WaitForExitAsync();
        restartedAt = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"load: restart ({command}) ended at {restartedAt:F1} s with {restart.ExitCode}");
    })
    : Task.CompletedTask;

var clients = Enumerable.Range(0, options.Clients).Select(client => Task.Run(async () =>
{
    var random = new Random(client * 7919);
    var slot = 0;
    while (!stop.IsCancellationRequested)
    {
        var operation = random.NextDouble() < 0.2 ? Operations.Book : Operations.Reads[random.Next(Operations.Reads.Length)];
        var variables = operation == Operations.Book
            ? world.Booking(options.FirstVenue + client, slot++, random)
            : world.VariablesFor(operation, random);
        var started = clock.Elapsed.TotalSeconds;
        var watch = Stopwatch.StartNew();
        string outcome;
        try
        {
            using var content = new StringContent(JsonSerializer.Serialize(new { query = operation.Query, variables }), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content, CancellationToken.None);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            outcome = body.RootElement.TryGetProperty("errors", out var errors)
                ? errors[0].GetProperty("extensions").TryGetProperty("code", out var code) ? code.GetString() ?? "ERROR" : "ERROR"
                : "ok";
            if (outcome == "ok" && operation == Operations.Book)
            {
                var id = body.RootElement.GetProperty("data").GetProperty("bookVenue").GetProperty("id").GetString()!;
                acknowledged.Add(int.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(id)).Split(':')[1], CultureInfo.InvariantCulture));
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            outcome = exception.GetType().Name;
        }

        samples.Add(new Sample(operation.Name, started, watch.Elapsed.TotalMilliseconds, outcome));
    }
})).ToList();

await Task.WhenAll(clients);
await restarter;
await sampler;

var missing = await Missing(options.Database, acknowledged);
var report = Report.Build(options, [.. samples], [.. memory.OrderBy(m => m.At)], acknowledged.Count, missing, restartedAt);
await File.WriteAllTextAsync(options.Out, report);
Console.WriteLine(report);
return missing == 0 ? 0 : 1;

static long Rss(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    return 0;
}

static async Task<int> Missing(string database, ConcurrentBag<int> acknowledged)
{
    await using var dataSource = NpgsqlDataSource.Create(database);
    await using var command = dataSource.CreateCommand("SELECT count(*) FROM unnest($1) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.id = a.id)");
    command.Parameters.Add(new NpgsqlParameter { Value = acknowledged.ToArray() });
    return (int)(long)(await command.ExecuteScalarAsync())!;
}
