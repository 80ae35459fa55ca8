namespace GeoHub.GraphQL;

/// <summary>
/// Plain limits on a GraphQL document and on the work one request may cause, checked before
/// anything walks the document (settings under <c>GeoHub:Limits</c>). Each is far above what
/// the project's own operations and GraphiQL's introspection need; a document past any of them
/// is a generated or hostile one, refused with its own code.
/// </summary>
public sealed class DocumentLimits
{
    public const string Section = "GeoHub:Limits";

    /// <summary>Bytes of a POST body (REQUEST_TOO_LARGE, HTTP 413): read no further than this, whatever Content-Length says.</summary>
    public int MaxBodyBytes { get; set; } = GraphQLHttpRequestReader.DefaultMaxBodyBytes;

    /// <summary>Characters of the document text (DOCUMENT_TOO_LARGE).</summary>
    public int MaxLength { get; set; } = 32_768;

    /// <summary>Lexical tokens, comments included (TOO_MANY_TOKENS).</summary>
    public int MaxTokens { get; set; } = 5_000;

    /// <summary>Field selections written in the document, not expanded (TOO_MANY_FIELDS).</summary>
    public int MaxFields { get; set; } = 1_000;

    /// <summary>Aliased fields (TOO_MANY_ALIASES): each alias may repeat a costly field.</summary>
    public int MaxAliases { get; set; } = 100;

    /// <summary>Fragment definitions (TOO_MANY_FRAGMENTS).</summary>
    public int MaxFragments { get; set; } = 50;

    /// <summary>Directives applied anywhere in the document (TOO_MANY_DIRECTIVES).</summary>
    public int MaxDirectives { get; set; } = 50;

    /// <summary>Fields nested in fields, through fragments (DEPTH_LIMIT).</summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>
    /// Depth inside introspection (<c>__schema</c>, <c>__type</c>): GraphiQL's own query nests
    /// <c>ofType</c> deeper than any data query should go, and the schema bounds its answer.
    /// </summary>
    public int MaxIntrospectionDepth { get; set; } = 20;

    /// <summary>Lists and input objects nested in an argument or variable default (DEPTH_LIMIT).</summary>
    public int MaxInputDepth { get; set; } = 16;

    /// <summary>
    /// Weighted fields with the multipliers of the lists around them (COMPLEXITY); see
    /// <see cref="OperationCost"/>. Every role's, unless its own is set: PUBLIC's is smaller
    /// (<see cref="Access.CallerLimits"/>).
    /// </summary>
    public double MaxComplexity { get; set; } = 150_000;

    /// <summary>Wall-clock time one request may run, database included (TIMEOUT).</summary>
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(30);
}
