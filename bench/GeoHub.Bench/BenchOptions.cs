using System.Globalization;

namespace GeoHub.Bench;

/// <summary>A running server and its database, e.g. x10 → http://127.0.0.1:5311 on geohub_bench_x10.</summary>
internal sealed record BenchTarget(string Name, Uri Url, string ConnectionString);

internal sealed record BenchOptions(
    List<BenchTarget> Targets, string Main, string Contract, string Output, string? Loads, TimeSpan Duration, int Count, int WarmUp, TimeSpan LoopCap, string Command)
{

    public BenchTarget MainTarget => Targets.Find(t => t.Name == Main) ?? throw new ArgumentException($"--main {Main} names no --target");

    public static BenchOptions Parse(string[] args)
    {
        var targets = new List<BenchTarget>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--target" && i + 3 < args.Length)
            {
                targets.Add(new BenchTarget(args[i + 1], new Uri(args[i + 2]), args[i + 3]));
                i += 3;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                named[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }

        string Get(string name, string fallback) => named.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new BenchOptions(targets, Get("main", "x10"), Get("operations", "operations"), Get("out", "BENCHMARKS.md"), named.GetValueOrDefault("loads"),
            TimeSpan.FromSeconds(Int("seconds", 10)), Int("count", 100), Int("warm-up", 200),
            // A sequential loop stops at the cap even if it has not measured Count requests.
            TimeSpan.FromSeconds(Int("cap", 30)), Get("command", "make bench"));
    }
}
