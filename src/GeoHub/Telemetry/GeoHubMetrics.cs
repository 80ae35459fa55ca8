using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GeoHub.Telemetry;

/// <summary>
/// GeoHub's own instruments (meter "GeoHub"), exported beside ASP.NET Core's, the runtime's and
/// Npgsql's (its connection pool) at /metrics. Operation names come from clients, so only the
/// first <see cref="MaxOperationNames"/> distinct well-formed names become labels; the rest count
/// as "other", and a client cannot grow the series without bound.
/// </summary>
public static class GeoHubMetrics
{
    public const string MeterName = "GeoHub";

    public const string ActivitySourceName = "GeoHub";

    private const int MaxOperationNames = 200;

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("geohub.graphql.requests", description: "GraphQL requests by operation and outcome (ok or the first error code).");

    // Seconds, from a millisecond by-id read to a city's battle map.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private static readonly Histogram<double> Duration = Meter.CreateHistogram("geohub.graphql.duration", unit: "s", description: "GraphQL request time, parse to answer.", tags: null, advice: Seconds);

    private static readonly Histogram<double> DatabaseDuration = Meter.CreateHistogram("geohub.graphql.database_time", unit: "s", description: "Time a GraphQL request's database commands took, summed.", tags: null, advice: Seconds);

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("geohub.refusals", description: "Requests refused before execution or by the database's absence, by code.");

    private static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>("geohub.cache.lookups", description: "Lookups in the in-process caches (documents, tiles), hit or miss.");

    private static readonly ConcurrentDictionary<string, string> OperationNames = new(StringComparer.Ordinal);

    public static readonly ActivitySource Source = new(ActivitySourceName);

    public static void Request(string operation, string outcome, TimeSpan duration, TimeSpan databaseTime)
    {
        var tags = new TagList { { "operation", Label(operation) }, { "outcome", outcome } };
        Requests.Add(1, tags);
        Duration.Record(duration.TotalSeconds, tags);
        DatabaseDuration.Record(databaseTime.TotalSeconds, tags);
    }

    public static void Refusal(string code) => Refusals.Add(1, new KeyValuePair<string, object?>("code", code));

    public static void Cache(string cache, bool hit) =>
        CacheLookups.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>A bounded label for a client-chosen operation name.</summary>
    public static string Label(string? operation)
    {
        if (string.IsNullOrEmpty(operation))
        {
            return "anonymous";
        }

        if (operation.Length > 64 || !operation.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return "other";
        }

        if (OperationNames.TryGetValue(operation, out var known))
        {
            return known;
        }

        return OperationNames.Count < MaxOperationNames ? OperationNames.GetOrAdd(operation, operation) : "other";
    }
}
