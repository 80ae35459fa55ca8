using System.Diagnostics;
using Npgsql;

namespace GeoHub.Bench;

/// <summary>Latencies in milliseconds; N is how many were measured (fewer than asked when the time cap ended the loop).</summary>
internal sealed record Timings(double P50, double P95, int N);

/// <summary>Bounded timing loops: a fixed count, and a time cap that ends a loop early.</summary>
internal static class Measure
{
    public static readonly TimeSpan WarmUpCap = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Warm-up first: up to <paramref name="warmUp"/> requests, for at most <see cref="WarmUpCap"/>, so that
    /// the server's hot methods reach their optimised tier (.NET recompiles a method after 30 calls)
    /// and its caches fill; then up to <paramref name="count"/> measured requests within <paramref name="cap"/>.
    /// </summary>
    public static async Task<Timings> SequentialAsync(Func<Task> action, int warmUp, int count, TimeSpan cap)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < warmUp && warming.Elapsed < WarmUpCap; i++)
        {
            await action();
        }

        var deadline = Stopwatch.StartNew();
        var samples = new List<double>(count);
        for (var i = 0; i < count && deadline.Elapsed < cap; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        return new Timings(Percentile(samples, 0.50), Percentile(samples, 0.95), samples.Count);
    }

    /// <summary>Requests per second with <paramref name="clients"/> loops sending back to back for <paramref name="duration"/>.</summary>
    public static async Task<double> ThroughputAsync(Func<Task> action, int clients, TimeSpan duration, int maxPerClient)
    {
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var done = 0;
            while (done < maxPerClient && clock.Elapsed < duration)
            {
                await action();
                done++;
            }

            return done;
        }));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Nearest rank on sorted samples.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// Runs the captured statements one after another on one connection, reading every value of
    /// every row, as the server's readers do (the server may run sibling fields' statements in parallel).
    /// </summary>
    public static async Task ReplayAsync(NpgsqlConnection connection, IReadOnlyList<CapturedCommand> commands)
    {
        // A write's statements (an import takes its locks up front) ran in the server's
        // transaction: they are replayed in one too, and rolled back.
        await using var transaction = commands.Any(c => c.Sql.TrimStart().StartsWith("LOCK", StringComparison.OrdinalIgnoreCase))
            ? await connection.BeginTransactionAsync()
            : null;
        foreach (var captured in commands)
        {
            await using var command = new NpgsqlCommand(captured.Sql, connection, transaction);
            foreach (var parameter in captured.Parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            await using var reader = await command.ExecuteReaderAsync();
            do
            {
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        _ = reader.GetValue(i);
                    }
                }
            }
            while (await reader.NextResultAsync());
        }

        if (transaction is not null)
        {
            await transaction.RollbackAsync();
        }
    }
}
