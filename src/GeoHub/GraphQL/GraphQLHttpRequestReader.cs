using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace GeoHub.GraphQL;

/// <summary>Why a request ended before execution: the HTTP status and the error the client sees.</summary>
internal sealed record GraphQLHttpFailure(int StatusCode, string Code, string Message);

/// <summary>
/// Reads a GraphQL-over-HTTP request: GET parameters (variables and extensions JSON-encoded) or a
/// JSON POST body. Each member is checked for its type here so that a wrong one is a 400 with a
/// code, not a 500 or a silently ignored value.
/// </summary>
internal static class GraphQLHttpRequestReader
{
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    private static readonly string[] Parameters = ["query", "operationName", "variables", "extensions"];

    public static async Task<(GraphQLRequest? Request, GraphQLHttpFailure? Failure)> ReadAsync(
        HttpRequest http, IGraphQLSerializer serializer, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(http.Method))
        {
            return ReadQueryString(http.Query, serializer);
        }

        if (!IsJson(http.ContentType))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "POST requests must have Content-Type: application/json (charset utf-8, if given).");
        }

        var body = await ReadBodyAsync(http, maxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge, $"The request body is larger than {maxBodyBytes} bytes.");
        }

        if (!TryParseJson(body, out var root))
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, "The request body is not valid JSON.");
        }

        if (root?.ValueKind != JsonValueKind.Object)
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request body must be a JSON object.");
        }

        // A parser that keeps the first of two "query" members and one that keeps the last (as
        // this one does) would run different operations for the same body: refuse, do not pick.
        if (root.Value.EnumerateObject().GroupBy(member => member.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, $"The request body has the member '{repeated.Key}' more than once.");
        }

        if (!TryGetString(root.Value, "query", out var query) || !TryGetString(root.Value, "operationName", out var operationName))
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "'query' and 'operationName' must be strings.");
        }

        return Build(query, operationName, Member(root.Value, "variables"), Member(root.Value, "extensions"), serializer);
    }

    private static (GraphQLRequest?, GraphQLHttpFailure?) ReadQueryString(IQueryCollection parameters, IGraphQLSerializer serializer)
    {
        if (Parameters.Any(name => parameters[name].Count > 1))
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Each GraphQL parameter may appear only once.");
        }

        if (!TryParseJsonParameter(parameters["variables"], out var variables) || !TryParseJsonParameter(parameters["extensions"], out var extensions))
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, "'variables' and 'extensions' must be JSON-encoded objects.");
        }

        return Build(parameters["query"].ToString(), parameters["operationName"].ToString(), variables, extensions, serializer);
    }

    private static (GraphQLRequest?, GraphQLHttpFailure?) Build(
        string? query, string? operationName, JsonElement? variables, JsonElement? extensions, IGraphQLSerializer serializer)
    {
        // A persisted query may come by its hash alone (TrustedDocuments resolves it).
        if (string.IsNullOrEmpty(query) && !(extensions?.ValueKind == JsonValueKind.Object && extensions.Value.TryGetProperty("persistedQuery", out _)))
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.MissingQuery, "The request has no 'query'.");
        }

        if (!IsObjectOrNull(variables) || !IsObjectOrNull(extensions))
        {
            return Fail(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "'variables' and 'extensions' must be JSON objects.");
        }

        return (new GraphQLRequest
        {
            Query = string.IsNullOrEmpty(query) ? null : query,
            OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
            Variables = ToInputs(variables, serializer),
            Extensions = ToInputs(extensions, serializer),
        }, null);
    }

    /// <summary>The spec requires application/json; a charset other than UTF-8 cannot be honoured.</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when the body exceeds the limit; reads no further than that, whatever Content-Length claims.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest http, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (http.ContentLength > maxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static JsonElement? Member(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool TryGetString(JsonElement root, string name, out string? value)
    {
        var member = Member(root, name);
        value = member?.ValueKind == JsonValueKind.String ? member.Value.GetString() : null;
        return member is null || value is not null;
    }

    private static bool IsObjectOrNull(JsonElement? element) =>
        element?.ValueKind is null or JsonValueKind.Null or JsonValueKind.Object;

    private static Inputs? ToInputs(JsonElement? element, IGraphQLSerializer serializer) =>
        element?.ValueKind is JsonValueKind.Object ? serializer.ReadNode<Inputs>(element.Value) : null;

    /// <summary>
    /// Empty input is an absent member, not a JSON error. UTF-8 is checked up front because the
    /// JSON reader only notices bad bytes inside a string when the string is read: deep in the
    /// variables' conversion, where it escaped as a 500.
    /// </summary>
    private static bool TryParseJson(ReadOnlySpan<byte> utf8, out JsonElement? element)
    {
        element = null;
        if (utf8.IsEmpty)
        {
            return true;
        }

        if (!Utf8.IsValid(utf8))
        {
            return false;
        }

        try
        {
            element = JsonSerializer.Deserialize<JsonElement>(utf8);
        }
        catch (JsonException)
        {
            return false;
        }

        return IsText(element.Value);
    }

    /// <summary>
    /// Every string and member name decodes to text: an escaped lone surrogate ("\ud800") is
    /// valid JSON to the reader until the string is read, and then throws wherever that happens
    /// (the query member, the variables' conversion), which answered 500. The parse bounds the
    /// nesting (64 levels), so the walk is linear in the body.
    /// </summary>
    private static bool IsText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(IsText);
                case JsonValueKind.Object:
                    foreach (var member in element.EnumerateObject())
                    {
                        // Reading the name checks it, as GetString checks a value.
                        _ = member.Name;
                        if (!IsText(member.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryParseJsonParameter(StringValues parameter, out JsonElement? element) =>
        TryParseJson(Encoding.UTF8.GetBytes(parameter.ToString()), out element);

    private static (GraphQLRequest?, GraphQLHttpFailure?) Fail(int statusCode, string code, string message) =>
        (null, new GraphQLHttpFailure(statusCode, code, message));
}
