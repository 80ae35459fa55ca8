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

    /// <summary>An exception a resolver did not turn into an ExecutionError; details stay in the log.</summary>
    public const string InternalError = "INTERNAL_ERROR";
}
