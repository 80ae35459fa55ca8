using System.Globalization;
using System.Text;
using GeoHub.Access;

namespace GeoHub.Bench;

/// <summary>One operation or tile on one map; <paramref name="Refusal"/>: the error code when that map refuses it.</summary>
internal sealed record SizedResult(string Target, string Name, Timings Timings, string? Refusal);

internal sealed record OperationResult(string Name, Timings Http, Timings Sql, int Statements, double RequestsPerSecond)
{
    public double Ratio => Http.P50 / Sql.P50;
}

/// <summary>Measures every contract operation, the nearest-unit queries per scale and the z10 tiles, and writes the report.</summary>
internal static class BenchRun
{
    private const double RatioTarget = 1.5;
    private const double ScaleTarget = 2.0;
    private const double TileTargetMs = 50;
    private const int Clients = 8;
    private const int MaxPerClient = 100_000;

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var main = options.MainTarget;
        using var client = Client(main.Url);
        var contract = await Operations.ContractAsync(options.Contract, client);
        var tiles = Operations.Tiles(10, 844, 438).ToList();

        // What HTTP and GraphQL cost with no SQL at all: the part of every operation's HTTP p50
        // that no query can avoid, which decides how close to its SQL a small operation can get.
        var floorRequest = BenchRequest.GraphQL("floor", "{ __typename }", null, null);
        await floorRequest.SendAsync(client, check: true);
        var floor = await Measure.SequentialAsync(() => floorRequest.SendAsync(client), options.WarmUp, options.Count, options.LoopCap);
        Console.WriteLine($"bench: HTTP floor {{ __typename }}: p50 {floor.P50:0.00} ms");

        var operations = new List<OperationResult>();
        var tileResults = new List<OperationResult>();
        await using (var capture = await SqlCapture.StartAsync(main.ConnectionString))
        {
            foreach (var request in contract)
            {
                operations.Add(await MeasureAsync(options, capture, main, client, request));
            }

            foreach (var request in tiles)
            {
                tileResults.Add(await MeasureAsync(options, capture, main, client, request));
            }
        }

        var nearest = new List<(string Target, string Query, Timings Http)>();
        foreach (var target in options.Targets)
        {
            using var targetClient = Client(target.Url);
            foreach (var request in await Operations.NearestAsync(options.Contract, targetClient))
            {
                await request.SendAsync(targetClient, check: true);
                var http = await Measure.SequentialAsync(() => request.SendAsync(targetClient), options.WarmUp, options.Count, options.LoopCap);
                Console.WriteLine($"bench: {target.Name} {request.Name}: p50 {http.P50:0.00} ms");
                nearest.Add((target.Name, request.Name, http));
            }
        }

        var figures = new List<(string Target, string Query, double? TargetMs, Timings Http)>();
        foreach (var target in options.Targets)
        {
            using var targetClient = Client(target.Url);
            foreach (var (request, targetMs) in await Operations.FiguresAsync(options.Contract, targetClient))
            {
                await request.SendAsync(targetClient, check: true);
                var http = await Measure.SequentialAsync(() => request.SendAsync(targetClient), options.WarmUp, options.Count, options.LoopCap);
                Console.WriteLine($"bench: {target.Name} {request.Name}: p50 {http.P50:0.00} ms");
                figures.Add((target.Name, request.Name, targetMs, http));
            }
        }

        // Every contract operation and tile on every map (issue 11 item 5): HTTP p50 of the
        // operations, the cold SQL of the tiles; the main map's figures are the ones above.
        var bySize = new List<SizedResult>();
        foreach (var target in options.Targets)
        {
            if (target == main)
            {
                bySize.AddRange(operations.Select(o => new SizedResult(target.Name, o.Name, o.Http, null)));
                bySize.AddRange(tileResults.Select(t => new SizedResult(target.Name, t.Name, t.Sql, null)));
                continue;
            }

            using var targetClient = Client(target.Url);
            foreach (var request in await Operations.ContractAsync(options.Contract, targetClient))
            {
                // A map may refuse what another answers (battleMap of a district past MaxCompounds): named, and timed as answered.
                var refusal = await request.RefusalAsync(targetClient);
                var http = await Measure.SequentialAsync(() => request.SendAsync(targetClient), options.WarmUp, options.Count, options.LoopCap);
                Console.WriteLine($"bench: {target.Name} {request.Name}: p50 {http.P50:0.00} ms{(refusal is null ? "" : " (" + refusal + ")")}");
                bySize.Add(new SizedResult(target.Name, request.Name, http, refusal));
            }

            await using var capture = await SqlCapture.StartAsync(target.ConnectionString);
            await using var dataSource = GeoHub.Data.DataServices.CreateDataSource(target.ConnectionString);
            await using var connection = await dataSource.OpenConnectionAsync();
            foreach (var request in tiles)
            {
                await request.SendAsync(targetClient, check: true);
                var commands = await capture.CaptureAsync(request);
                var sql = await Measure.SequentialAsync(() => Measure.ReplayAsync(connection, commands), options.WarmUp, options.Count, options.LoopCap);
                Console.WriteLine($"bench: {target.Name} {request.Name}: cold SQL p50 {sql.P50:0.00} ms");
                bySize.Add(new SizedResult(target.Name, request.Name, sql, null));
            }
        }

        return await ReportAsync(options, floor, operations, tileResults, nearest, figures, bySize);
    }

    /// <summary>
    /// A client of an ADMIN, with a token of the key `geohub serve` makes for itself (as
    /// `geohub token` mints them): the operations include internal data (meetings, party groups),
    /// and the access layer stays on for every figure.
    /// </summary>
    internal static HttpClient Client(Uri url)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 }) { BaseAddress = url };
        var token = TokenMinter.Mint(SigningKey.LoadOrCreate(SigningKey.DefaultPath()), new TokenClaims(Role.Admin, [], null, "bench"), TimeSpan.FromHours(12));
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<OperationResult> MeasureAsync(BenchOptions options, SqlCapture capture, BenchTarget target, HttpClient client, BenchRequest request)
    {
        await request.SendAsync(client, check: true);
        var commands = await capture.CaptureAsync(request);
        var http = await Measure.SequentialAsync(() => request.SendAsync(client), options.WarmUp, options.Count, options.LoopCap);

        // Replayed through a data source set up as the server's is (prepared statements included),
        // so the ratio compares the server with the same SQL sent the same way, not with a slower client.
        await using var dataSource = GeoHub.Data.DataServices.CreateDataSource(target.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        var sql = await Measure.SequentialAsync(() => Measure.ReplayAsync(connection, commands), options.WarmUp, options.Count, options.LoopCap);

        var throughput = await Measure.ThroughputAsync(() => request.SendAsync(client), Clients, options.Duration, MaxPerClient);
        var result = new OperationResult(request.Name, http, sql, commands.Count, throughput);
        Console.WriteLine($"bench: {request.Name}: HTTP p50 {http.P50:0.00} ms, SQL p50 {sql.P50:0.00} ms ({commands.Count} statements), {result.Ratio:0.00}×, {throughput:0} req/s");
        return result;
    }

    private static async Task<string> ReportAsync(
        BenchOptions options, Timings floor, List<OperationResult> operations, List<OperationResult> tiles, List<(string Target, string Query, Timings Http)> nearest,
        List<(string Target, string Query, double? TargetMs, Timings Http)> figures, List<SizedResult> bySize)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
        static string X(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

        Line("# GeoHub benchmarks");
        Line();
        Line($"Made by `{options.Command}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Every figure below was measured in that run;");
        Line("ratios compare figures of the same run. The driver is `bench/GeoHub.Bench`; see [How it measures](#how-it-measures).");
        Line();
        Line("## Machine");
        Line();
        foreach (var fact in await Machine.FactsAsync(options.MainTarget.ConnectionString))
        {
            Line($"- {fact}");
        }

        Line();
        Line("## Map loads");
        Line();
        Line("`geohub load` into a freshly migrated database, all or nothing (one transaction), as timed by the loader itself.");
        Line();
        Line("| map | load |");
        Line("| --- | --- |");
        foreach (var (map, text) in Loads(options.Loads))
        {
            Line($"| {map} | {text} |");
        }

        var main = options.MainTarget.Name;
        Line();
        Line($"## Contract operations on the {main} map");
        Line();
        Line($"Sequential: up to {options.WarmUp} warm-up requests (at most {Measure.WarmUpCap.TotalSeconds:0} s), then up to {options.Count} measured in at most {options.LoopCap.TotalSeconds:0} s (p50, p95; n below).");
        Line("\"SQL p50\" is the same answer's SQL alone: the statements the server ran for it, replayed with Npgsql on one");
        Line($"connection set up as the server's. Throughput: 8 concurrent clients for {options.Duration.TotalSeconds:0} s. Target: HTTP p50 ≤ {RatioTarget}× SQL p50.");
        Line();
        Line($"HTTP floor: `{{ __typename }}` (HTTP, parsing, executing, serialising; no SQL) answers in p50 {Ms(floor.P50)} ms, p95 {Ms(floor.P95)} ms (n {floor.N}).");
        Line("An operation whose SQL takes less than twice that floor cannot meet the 1.5× target however little else the server does.");
        Line();
        Line("| operation | HTTP p50 ms | HTTP p95 ms | n | SQL p50 ms | statements | HTTP/SQL | target | req/s, 8 clients |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var o in operations)
        {
            var met = o.Ratio <= RatioTarget ? "met" : $"**missed** (+{Ms(o.Http.P50 - o.Sql.P50)} ms)";
            Line($"| {o.Name} | {Ms(o.Http.P50)} | {Ms(o.Http.P95)} | {o.Http.N} | {Ms(o.Sql.P50)} | {o.Statements} | {X(o.Ratio)} | {met} | {o.RequestsPerSecond:0} |");
        }

        Line();
        Line($"## Nearest units by map size");
        Line();
        Line($"p50 over HTTP, {options.WarmUp} warm-up + up to {options.Count} measured, per map. Target: largest map ≤ {ScaleTarget}× the ×1 map.");
        Line();
        var targets = options.Targets.Select(t => t.Name).ToList();
        Line($"| query | {string.Join(" | ", targets.Select(t => t + " p50 ms"))} | {targets[^1]}/{targets[0]} | target |");
        Line($"| --- | {string.Join(" | ", targets.Select(_ => "---:"))} | ---: | --- |");
        foreach (var query in nearest.Select(n => n.Query).Distinct())
        {
            var row = targets.Select(t => nearest.Single(n => n.Target == t && n.Query == query).Http.P50).ToList();
            var ratio = row[^1] / row[0];
            Line($"| {query} | {string.Join(" | ", row.Select(Ms))} | {X(ratio)} | {(ratio <= ScaleTarget ? "met" : "**missed**")} |");
        }

        Line();
        Line("## Figures from the ledger by map size");
        Line();
        Line($"Issue 11 item 3: `coverage`, `children {{ coverage }}` and `progress` sum the dated ledger's steps. p50 (p95) over HTTP, {options.WarmUp} warm-up + up to {options.Count} measured, per map,");
        Line($"as of 2019-06-30; the city is 350800. Targets on the largest map ({targets[^1]}): the city's coverage ≤ 50 ms, its children's ≤ 80 ms, two years of fortnights ≤ 200 ms,");
        Line($"one community's figures within 2× of the {targets[0]} map's.");
        Line();
        Line($"| figures | {string.Join(" | ", targets.Select(t => t + " p50 (p95) ms"))} | target on {targets[^1]} |");
        Line($"| --- | {string.Join(" | ", targets.Select(_ => "---:"))} | --- |");
        foreach (var query in figures.Select(f => f.Query).Distinct())
        {
            var row = targets.Select(t => figures.Single(f => f.Target == t && f.Query == query)).ToList();
            var largest = row[^1].Http.P50;
            var limit = row[^1].TargetMs ?? ScaleTarget * row[0].Http.P50;
            var goal = row[^1].TargetMs is { } ms ? $"≤ {ms:0} ms" : $"≤ {ScaleTarget:0}× {targets[0]} ({Ms(limit)} ms)";
            Line($"| {query} | {string.Join(" | ", row.Select(f => $"{Ms(f.Http.P50)} ({Ms(f.Http.P95)})"))} | {goal}: {(largest <= limit ? "met" : "**missed**")} |");
        }

        Line();
        Line($"## Vector tiles z10/844/438 on the {main} map");
        Line();
        Line($"`GET /tiles/{{layer}}/10/844/438.mvt`, measured as above: HTTP is served from the tile cache after the first request; SQL p50 is the cold cost of drawing the tile. Target: p50 ≤ {TileTargetMs} ms.");
        Line();
        Line("| layer | HTTP p50 ms | HTTP p95 ms | SQL p50 ms | HTTP/SQL | target | req/s, 8 clients |");
        Line("| --- | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var t in tiles)
        {
            Line($"| {t.Name} | {Ms(t.Http.P50)} | {Ms(t.Http.P95)} | {Ms(t.Sql.P50)} | {X(t.Ratio)} | {(t.Http.P50 <= TileTargetMs ? "met" : "**missed**")} | {t.RequestsPerSecond:0} |");
        }

        Line();
        Line("## Every operation and tile by map size");
        Line();
        Line($"The contract operations as above (HTTP p50, with p95 in brackets; sequential, {options.WarmUp} warm-up + up to {options.Count} measured, per map), and the z10/844/438 tiles' cold");
        Line("cost (the SQL of drawing the tile, replayed as above: what the first viewer after a write waits for beside HTTP). The main map's figures are those of the sections above.");
        Line("An operation a map refuses is named with its code: the time is that of the refusal.");
        Line();
        Line($"| operation | {string.Join(" | ", targets.Select(t => t + " p50 (p95) ms"))} |");
        Line($"| --- | {string.Join(" | ", targets.Select(_ => "---:"))} |");
        foreach (var name in bySize.Select(r => r.Name).Distinct())
        {
            var cells = targets.Select(t => bySize.Find(r => r.Target == t && r.Name == name) is { } r
                ? $"{Ms(r.Timings.P50)} ({Ms(r.Timings.P95)}){(r.Refusal is null ? "" : " refused: " + r.Refusal)}"
                : "—");
            Line($"| {(name.StartsWith("tile ", StringComparison.Ordinal) ? name + ", cold SQL" : name)} | {string.Join(" | ", cells)} |");
        }

        Line();
        var notes = Path.Combine(AppContext.BaseDirectory, "notes.md");
        md.Append(await File.ReadAllTextAsync(notes));
        return md.ToString();
    }

    private static IEnumerable<(string Map, string Text)> Loads(string? file) =>
        file is null || !File.Exists(file)
            ? []
            : File.ReadAllLines(file).Where(l => l.Contains('\t', StringComparison.Ordinal)).Select(l => (l.Split('\t')[0], l.Split('\t')[1]));
}
