using System.Globalization;
using System.Text;
using Npgsql;

namespace GeoHub.Load;

public sealed record LoadOptions(string Url, string Database, int Pid, int Seconds, int Clients, int? RestartAt, string? RestartCommand, string? Token, string Out, string Title, int FirstVenue)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Need(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        int? Number(string name) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : null;
        return new LoadOptions(
            Need("url"), Need("db"), Number("pid") ?? throw new ArgumentException("--pid is required"), Number("seconds") ?? 600, Number("clients") ?? 8,
            Number("restart-at"), values.GetValueOrDefault("restart"), values.GetValueOrDefault("token"), Need("out"), values.GetValueOrDefault("title") ?? "mixed load",
            Number("first-venue") ?? 0);
    }
}

public sealed record Operation(string Name, string Query);

public static class Operations
{
    public static readonly Operation Book = new("bookVenue", """
        mutation Book($venue: ID!, $from: DateTime!, $to: DateTime!) {
          bookVenue(venueId: $venue, from: $from, to: $to, bookedBy: "负载测试", purpose: "压测") { id }
        }
        """);

    public static readonly Operation[] Reads =
    [
        new("compoundById", "query($id: ID!) { node(id: $id) { ... on Compound { name households coverageStatus } } }"),
        new("nearbyUnits", "query($id: ID!) { node(id: $id) { ... on Compound { nearbyCoBuildingUnits(withinMeters: 5000, first: 5) { distanceMeters paired unit { name } } } } }"),
        new("communityCoverage", "query($code: String!) { coverage(areaCode: $code, asOf: \"2019-06-30\") { compounds compoundsCovered coverageRate } }"),
        new("compoundsPage", "query($code: String!) { compounds(first: 20, where: { areaCode: $code }) { totalCount nodes { name households } } }"),
        new("venueBookings", "query($venue: ID!) { bookings(where: { venueId: $venue }, first: 10) { totalCount } }"),
    ];
}

/// <summary>Ids the load picks from: compounds, communities and open venues of the loaded map.</summary>
public sealed class World(int[] compounds, string[] communities, int[] venues)
{
    public static async Task<World> ReadAsync(string database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        return new World(
            await IdsAsync<int>(dataSource, "SELECT id FROM compounds ORDER BY id"),
            await IdsAsync<string>(dataSource, "SELECT code FROM areas WHERE level = 'Community' ORDER BY code"),
            await IdsAsync<int>(dataSource, "SELECT id FROM venues WHERE closed_on IS NULL ORDER BY id"));
    }

    public object VariablesFor(Operation operation, Random random) => operation.Name switch
    {
        "compoundById" or "nearbyUnits" => new { id = Id("Compound", compounds[random.Next(compounds.Length)]) },
        "venueBookings" => new { venue = Id("Venue", venues[random.Next(venues.Length)]) },
        _ => new { code = communities[random.Next(communities.Length)] },
    };

    /// <summary>
    /// A booking no other client's can clash with: each client books hour-long slots of its own
    /// venue, so every write is meant to succeed and be acknowledged.
    /// </summary>
    public object Booking(int client, int slot, Random random)
    {
        _ = random;
        var venue = venues[client % venues.Length];
        // Within the span of days GeoHub accepts (a few years ahead, issue 13); a run after another
        // on the same map takes other venues (--first-venue), so no booking of it can clash.
        var start = new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.FromHours(8)).AddHours(slot);
        return new
        {
            venue = Id("Venue", venue),
            from = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            to = start.AddMinutes(59).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        };
    }

    // GeoHub's global ids are "Type:id" in base64url; the load builds them from the map's rows.
    private static string Id(string type, int id) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{type}:{id}")));

    private static async Task<T[]> IdsAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        List<T> ids = [];
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetFieldValue<T>(0));
        }

        return [.. ids];
    }
}

public sealed record Sample(string Operation, double At, double Milliseconds, string Outcome);

public static class Report
{
    public static string Build(LoadOptions options, Sample[] samples, (double At, long RssBytes)[] memory, int acknowledged, int missing, double? restartedAt)
    {
        var text = new StringBuilder();
        var failed = samples.Count(s => s.Outcome != "ok");
        text.AppendLine(CultureInfo.InvariantCulture, $"### {options.Title}: {options.Clients} clients, {options.Seconds} s");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{samples.Length:N0} requests ({samples.Length / (double)options.Seconds:F0}/s), {failed:N0} failed; {acknowledged:N0} bookings acknowledged, {missing} of them missing from the database afterwards.");
        if (failed > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Failures by outcome: {string.Join(", ", samples.Where(s => s.Outcome != "ok").GroupBy(s => s.Outcome).Select(g => $"{g.Key} {g.Count()}"))}.");
        }

        if (restartedAt is { } restart)
        {
            var firstOkRead = samples.Where(s => s.At >= restart && s.Outcome == "ok" && s.Operation != "bookVenue").Select(s => s.At + (s.Milliseconds / 1000)).DefaultIfEmpty(double.NaN).Min();
            text.AppendLine(CultureInfo.InvariantCulture, $"The cluster restarted at {options.RestartAt} s (back at {restart:F1} s); the first read answered after it came back ended {firstOkRead - restart:F2} s later; failed requests around the restart: {samples.Count(s => s.Outcome != "ok" && s.At >= options.RestartAt - 1 && s.At <= restart + 10)}.");
        }

        if (memory.Length > 1)
        {
            var warm = memory.Where(m => m.At >= Math.Min(60, options.Seconds / 4.0)).ToArray();
            var first = warm.Length > 0 ? warm[0].RssBytes : memory[0].RssBytes;
            var last = memory[^1].RssBytes;
            text.AppendLine(CultureInfo.InvariantCulture, $"Server memory (RSS): {memory[0].RssBytes / 1048576.0:F0} MiB at start, {first / 1048576.0:F0} MiB once warm, {last / 1048576.0:F0} MiB at the end ({(last - first) * 100.0 / first:+0.0;-0.0}% from warm), at most {memory.Max(m => m.RssBytes) / 1048576.0:F0} MiB.");
        }

        text.AppendLine();
        text.AppendLine("| minute | requests | failed | p50 ms | p95 ms | p99 ms |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var minute in samples.GroupBy(s => (int)(s.At / 60)).OrderBy(g => g.Key))
        {
            var times = minute.Where(s => s.Outcome == "ok").Select(s => s.Milliseconds).Order().ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {minute.Key + 1} | {minute.Count():N0} | {minute.Count(s => s.Outcome != "ok")} | {Percentile(times, 0.5):F1} | {Percentile(times, 0.95):F1} | {Percentile(times, 0.99):F1} |");
        }

        text.AppendLine();
        text.AppendLine("| operation | requests | p50 ms | p95 ms |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var operation in samples.GroupBy(s => s.Operation).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var times = operation.Where(s => s.Outcome == "ok").Select(s => s.Milliseconds).Order().ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {operation.Key} | {operation.Count():N0} | {Percentile(times, 0.5):F1} | {Percentile(times, 0.95):F1} |");
        }

        return text.ToString();
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
