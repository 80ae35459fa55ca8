using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using GeoHub.GraphQL;
using GraphQL;
using Microsoft.Extensions.Options;

namespace GeoHub.Access;

/// <summary>Which callers may run only the trusted documents.</summary>
public enum TrustedDocumentsMode
{
    /// <summary>Any document, from anyone (`make run`).</summary>
    Off,

    /// <summary>PUBLIC callers (no token) run only trusted documents.</summary>
    Public,

    /// <summary>Every role but ADMIN, whose GraphiQL stays free.</summary>
    BelowAdmin,

    /// <summary>Everyone.</summary>
    Everyone,
}

/// <summary>The <c>GeoHub:TrustedDocuments</c> settings.</summary>
public sealed class TrustedDocumentSettings
{
    public const string Section = "GeoHub:TrustedDocuments";

    public TrustedDocumentsMode Require { get; set; } = TrustedDocumentsMode.Off;

    /// <summary>Folders of a deployment's own operations (*.graphql, searched below), trusted beside the project's.</summary>
    public string[] Folders { get; set; } = [];
}

/// <summary>
/// The project's own operations (operations/, which holds the clients' contract as written, and
/// web/src/operations/, the battle map page's; built into the assembly), by the SHA-256 of their
/// text: the documents its clients send. A client
/// may send a document by hash alone (<c>extensions.persistedQuery.sha256Hash</c>, as Apollo's
/// and Relay's persisted queries do); an unknown hash is PERSISTED_QUERY_NOT_FOUND. Where the
/// settings bind the caller's role, a document whose text is not one of these is refused
/// (PERSISTED_QUERY_NOT_IN_LIST) whether it came by hash or as text, so that those callers can
/// run only what the project wrote and measured, not documents built to be expensive.
/// The list is fixed at start: a second instance has the same one.
/// </summary>
public sealed class TrustedDocuments
{
    internal const string ResourcePrefix = "GeoHub.TrustedDocuments/";

    private readonly TrustedDocumentsMode mode;
    private readonly FrozenDictionary<string, string> byHash;

    public TrustedDocuments(IOptions<TrustedDocumentSettings> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        mode = options.Value.Require;
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        var assembly = typeof(TrustedDocuments).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!, Encoding.UTF8);
            Add(documents, reader.ReadToEnd());
        }

        foreach (var folder in options.Value.Folders)
        {
            foreach (var file in Directory.GetFiles(folder, "*.graphql", SearchOption.AllDirectories))
            {
                Add(documents, File.ReadAllText(file, Encoding.UTF8));
            }
        }

        byHash = documents.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The trusted documents by their hash (lower-case hex SHA-256 of the UTF-8 text).</summary>
    public IReadOnlyDictionary<string, string> Documents => byHash;

    public TrustedDocumentsMode Mode => mode;

    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Whether trusted documents bind callers of <paramref name="role"/>.</summary>
    public bool Binds(Role role) => mode switch
    {
        TrustedDocumentsMode.Public => role == Role.Public,
        TrustedDocumentsMode.BelowAdmin => role != Role.Admin,
        TrustedDocumentsMode.Everyone => true,
        _ => false,
    };

    /// <summary>
    /// The document a request runs: its text, or the trusted document its persisted-query hash
    /// names. With both, the hash must be the text's. Without the extension, the text as it is.
    /// </summary>
    public (string? Query, ExecutionError? Error) Resolve(string? query, Inputs? extensions)
    {
        if (extensions is null || !extensions.TryGetValue("persistedQuery", out var value) || value is null)
        {
            return (query, null);
        }

        if (value is not IDictionary<string, object?> persisted
            || !persisted.TryGetValue("sha256Hash", out var hashValue) || hashValue is not string hash || !IsHash(hash))
        {
            return (null, Error(ErrorCodes.BadRequest, "extensions.persistedQuery must hold sha256Hash, the 64 hex digits of the document's SHA-256."));
        }

        if (persisted.TryGetValue("version", out var version) && version is not null && !(version is int or long && Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) == 1))
        {
            return (null, Error(ErrorCodes.BadRequest, "extensions.persistedQuery.version must be 1."));
        }

        hash = hash.ToLowerInvariant();
        if (!string.IsNullOrEmpty(query))
        {
            return HashOf(query) == hash
                ? (query, null)
                : (null, Error(ErrorCodes.BadRequest, "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it."));
        }

        // Documents are not registered from requests (automatic persisted queries): the hashes
        // GeoHub knows are its own documents', the same in every instance.
        return byHash.TryGetValue(hash, out var trusted)
            ? (trusted, null)
            : (null, Error(ErrorCodes.PersistedQueryNotFound, $"No trusted document has the hash {hash}; send the query itself."));
    }

    /// <summary>The refusal of a document the caller's role may not run (null when it may).</summary>
    public ExecutionError? Refuse(string? query, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Binds(caller.Role) || query is null || byHash.ContainsKey(HashOf(query)))
        {
            return null;
        }

        return Error(ErrorCodes.PersistedQueryNotInList,
            $"A {caller.Role.ToString().ToUpperInvariant()} caller may run only GeoHub's own operations (trusted documents); this document is not one of them.");
    }

    /// <summary>Resolves the hash of an execution that has none resolved yet, then refuses what the caller may not run.</summary>
    internal ExecutionError? Refuse(ExecutionOptions options, Caller caller)
    {
        if (options.Extensions?.ContainsKey("persistedQuery") == true)
        {
            var (query, error) = Resolve(options.Query, options.Extensions);
            if (error is not null)
            {
                return error;
            }

            options.Query = query;
        }

        return Refuse(options.Query ?? options.Document?.Source.ToString(), caller);
    }

    private static void Add(Dictionary<string, string> documents, string text) => documents[HashOf(text)] = text;

    private static bool IsHash(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    private static ExecutionError Error(string code, string message) => new(message) { Code = code };
}
