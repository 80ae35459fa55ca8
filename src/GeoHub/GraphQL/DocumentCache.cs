using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace GeoHub.GraphQL;

/// <summary>
/// Documents that parsed and passed validation, by their exact text. Clients send the same few
/// documents over and over with other variables; parsing and validating one cost more CPU than
/// the small queries it then runs. Validity does not depend on variables or the operation chosen
/// (the whole document is validated), so a hit skips the spec's rules; the complexity limit,
/// which reads variables such as first, still runs on every request.
/// A cache only: a second instance builds its own, and losing it costs one validation per document.
/// </summary>
public sealed class DocumentCache
{
    /// <summary>Total length of the cached texts; the parsed trees take roughly ten times as much memory.</summary>
    public const int MaxTotalLength = 2_000_000;

    /// <summary>Longer documents are generated ones, seldom repeated: not worth a slot.</summary>
    public const int MaxDocumentLength = 20_000;

    private readonly ConcurrentDictionary<string, GraphQLDocument> documents = new(StringComparer.Ordinal);
    private int totalLength;

    public int Count => documents.Count;

    public GraphQLDocument? Find(string? query)
    {
        if (query is null)
        {
            return null;
        }

        var hit = documents.TryGetValue(query, out var document);
        Telemetry.GeoHubMetrics.Cache("documents", hit);
        return document;
    }

    /// <summary>Keeps a document that validated; when full, starts over rather than tracking use.</summary>
    public void Add(string query, GraphQLDocument document)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length > MaxDocumentLength)
        {
            return;
        }

        if (Interlocked.Add(ref totalLength, query.Length) > MaxTotalLength)
        {
            // Whoever crosses the limit empties the cache: many distinct documents (generated
            // queries, or someone filling it on purpose) cost re-validation, never unbounded memory.
            documents.Clear();
            Interlocked.Exchange(ref totalLength, query.Length);
        }

        if (!documents.TryAdd(query, document))
        {
            Interlocked.Add(ref totalLength, -query.Length);
        }
    }
}
