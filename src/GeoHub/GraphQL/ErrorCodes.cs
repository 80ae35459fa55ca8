namespace GeoHub.GraphQL;

/// <summary>
/// The <c>extensions.code</c> values GeoHub itself produces. Clients branch on these, so a value,
/// once shipped, does not change. Parse and validation errors keep GraphQL.NET's own codes
/// (e.g. SYNTAX_ERROR, FIELDS_ON_CORRECT_TYPE, INVALID_VALUE, COMPLEXITY).
/// Raise one from a resolver with <c>throw new ExecutionError(message) { Code = ErrorCodes.X }</c>.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The request is not a GraphQL-over-HTTP request (wrong member types, bad parameters).</summary>
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>The body or a JSON-encoded GET parameter is not valid JSON.</summary>
    public const string InvalidJson = "INVALID_JSON";

    public const string MissingQuery = "MISSING_QUERY";

    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    public const string NotAcceptable = "NOT_ACCEPTABLE";

    /// <summary>A mutation sent over GET, which must not change state.</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    /// <summary>The document text is longer than the limit (see DocumentLimits).</summary>
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";

    public const string TooManyTokens = "TOO_MANY_TOKENS";

    public const string TooManyFields = "TOO_MANY_FIELDS";

    public const string TooManyAliases = "TOO_MANY_ALIASES";

    public const string TooManyFragments = "TOO_MANY_FRAGMENTS";

    public const string TooManyDirectives = "TOO_MANY_DIRECTIVES";

    /// <summary>Fields nest deeper than the depth limit, or input values deeper than theirs.</summary>
    public const string DepthLimit = "DEPTH_LIMIT";

    /// <summary>The operation's weighted cost is over the limit.</summary>
    public const string Complexity = "COMPLEXITY";

    /// <summary>The same code as GraphQL.NET's rule, found before that rule runs.</summary>
    public const string NoFragmentCycles = "NO_FRAGMENT_CYCLES";

    /// <summary>The database did not answer within the retry budget (HTTP 503 with Retry-After); nothing was written.</summary>
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";

    /// <summary>The request ran past its wall-clock budget and was stopped, its database work with it.</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>An exception a resolver did not turn into an ExecutionError; details stay in the log.</summary>
    public const string InternalError = "INTERNAL_ERROR";

    public const string NotFound = "NOT_FOUND";

    /// <summary>
    /// An answer that would be built whole for more compounds than its setting allows (a city's
    /// battle map on a large map); the message names the count, the setting and the tiles to use instead.
    /// </summary>
    public const string AreaTooLarge = "AREA_TOO_LARGE";

    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>
    /// A value no argument can take: text holding U+0000 or a lone surrogate (see StorableText).
    /// The same code as GraphQL.NET's for a variable it cannot convert.
    /// </summary>
    public const string InvalidValue = "INVALID_VALUE";

    /// <summary>A cursor that does not belong to the connection and order it is used with.</summary>
    public const string InvalidCursor = "INVALID_CURSOR";

    /// <summary>An id that is not a GeoHub global id, or of the wrong type.</summary>
    public const string InvalidId = "INVALID_ID";

    /// <summary>An input geometry that is malformed, invalid or out of place; nothing is written.</summary>
    public const string InvalidGeometry = "INVALID_GEOMETRY";

    /// <summary>The booking overlaps a live booking of the same venue, which the error names.</summary>
    public const string BookingConflict = "BOOKING_CONFLICT";

    /// <summary>The write contradicts what is recorded (a second secretary, a member reporting back twice); nothing is written.</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>The record changed since the client read its version; read it again.</summary>
    public const string StaleVersion = "STALE_VERSION";

    /// <summary>The Idempotency-Key was used before with another request body.</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";

    /// <summary>A request with this Idempotency-Key is still running, or its write committed but its answer was lost.</summary>
    public const string IdempotencyKeyInProgress = "IDEMPOTENCY_KEY_IN_PROGRESS";

    /// <summary>A subscriber fell too far behind the changes and its subscription was ended; subscribe again.</summary>
    public const string SubscriberTooSlow = "SUBSCRIBER_TOO_SLOW";

    /// <summary>A bearer token that is malformed, expired, not yet valid, wrongly signed or for another audience (HTTP 401).</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>The caller made more requests than its role may in the time (HTTP 429 with Retry-After).</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>A persisted-query hash (extensions.persistedQuery.sha256Hash) that names no trusted document.</summary>
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";

    /// <summary>A document that is not one of the trusted documents, from a caller whose role may run only those.</summary>
    public const string PersistedQueryNotInList = "PERSISTED_QUERY_NOT_IN_LIST";

    /// <summary>The caller's role may not read this field or make this write (see the roles table in README.md).</summary>
    public const string Forbidden = "FORBIDDEN";
}
