using System.Globalization;
using GeoHub.Access;
using GeoHub.Changes;
using GeoHub.Data;
using GeoHub.Telemetry;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace GeoHub.GraphQL;

/// <summary>
/// GraphQL over HTTP at one path: POST and GET as the GraphQL-over-HTTP draft spec says, checked
/// by graphql-http's audit suite (tests/audit). Under application/graphql-response+json the status
/// tells whether the operation ran (400 when it did not); under application/json it is 200 for
/// every well-formed request, as legacy clients expect.
/// </summary>
public static class GraphQLHttpEndpoint
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    public static IEndpointConventionBuilder MapGraphQLHttp(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Post], HandleAsync);

    private static async Task HandleAsync(
        HttpContext http, IDocumentExecuter executer, ISchema schema, IGraphQLTextSerializer serializer, DocumentGuard guard,
        DocumentCache documents, DatabaseRoutes routes, RequestRoute route, TrustedDocuments trusted)
    {
        var cancellationToken = http.RequestAborted;
        http.Response.Headers.Vary = HeaderNames.Accept;
        var mediaType = ChooseMediaType(http.Request.Headers.Accept);
        if (mediaType is null)
        {
            await WriteFailureAsync(http, serializer, Json, new(StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable,
                $"Accept must allow {GraphQLResponseJson} or {Json}."));
            return;
        }

        if (!ReadYourWrites.IsWellFormed(http.Request.Headers[ReadYourWrites.Header]))
        {
            await WriteFailureAsync(http, serializer, mediaType, new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                $"{ReadYourWrites.Header} must be one WAL position (as a write's answer gave it, e.g. 0/16B3748)."));
            return;
        }

        var (request, failure) = await GraphQLHttpRequestReader.ReadAsync(http.Request, serializer, guard.Limits.MaxBodyBytes, cancellationToken);
        if (request is null)
        {
            await WriteFailureAsync(http, serializer, mediaType, failure ?? throw new InvalidOperationException("reader returned neither request nor failure"));
            return;
        }

        // A document sent by its hash is looked up before anything reads the text (the GET check,
        // the document cache); RequestGuard decides whether the caller may run it.
        (request.Query, var unresolved) = trusted.Resolve(request.Query, request.Extensions);
        if (unresolved is not null)
        {
            await WriteAsync(http, serializer, mediaType, mediaType == GraphQLResponseJson ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
                new ExecutionResult(unresolved));
            return;
        }

        // GET must not change state, so the operation type is decided from the parsed document,
        // before validation: even an invalid mutation over GET is refused as a mutation.
        var cached = documents.Find(request.Query);
        var document = cached;
        if (HttpMethods.IsGet(http.Request.Method))
        {
            if (document is null)
            {
                // Within the document limits, like every parse (RequestGuard); a refusal or a
                // syntax error is answered as the executer would answer it.
                (document, var refusal) = guard.Parse(request.Query!);
                if (refusal is not null)
                {
                    await WriteAsync(http, serializer, mediaType, mediaType == GraphQLResponseJson ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
                        new ExecutionResult(refusal));
                    return;
                }
            }

            if (document is not null && SelectedOperationType(document, request.OperationName) is OperationType.Mutation or OperationType.Subscription)
            {
                http.Response.Headers.Allow = HttpMethods.Post;
                await WriteFailureAsync(http, serializer, mediaType, new(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                    "Only queries may be sent with GET; send mutations with POST."));
                return;
            }
        }

        route.IdempotencyKey = http.Request.Headers[Idempotency.Header].FirstOrDefault();
        if (HttpMethods.IsPost(http.Request.Method) && route.IdempotencyKey is { } key)
        {
            await HandleIdempotentAsync(http, key, serializer, mediaType, request, async () =>
            {
                await ReadYourWrites.RouteAsync(http, routes, route, cancellationToken);
                var answer = await Execute(executer, schema, http, request, document, cached is not null, cancellationToken);
                await ReadYourWrites.MarkAsync(http, routes, route, cancellationToken);
                return answer;
            });
            return;
        }

        var signals = RequestSignals.Start(http);
        ExecutionResult result;
        try
        {
            await ReadYourWrites.RouteAsync(http, routes, route, cancellationToken);
            result = await Execute(executer, schema, http, request, document, cached is not null, cancellationToken);
            await ReadYourWrites.MarkAsync(http, routes, route, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: its work is cancelled, and nobody reads an answer.
            return;
        }

        if (cached is null && result.Executed && result.Document is not null && request.Query is not null)
        {
            documents.Add(request.Query, result.Document);
        }

        var operation = SelectedOperation(result.Document ?? document, request.OperationName);
        signals.Finish(request.OperationName ?? operation?.Name?.StringValue, operation?.Operation.ToString().ToLowerInvariant(), result);

        if (result.Errors?.Any(error => error.Code == ErrorCodes.DatabaseUnavailable) == true)
        {
            // Also under application/json, where the status stays 200: the header tells clients when to come back.
            http.Response.Headers.RetryAfter = http.RequestServices.GetRequiredService<IOptions<DatabaseFaults>>().Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        await WriteAsync(http, serializer, mediaType, StatusOf(mediaType, result), result);
    }

    /// <summary>
    /// A request with an Idempotency-Key: done once per key (see <see cref="Idempotency"/>); its
    /// answer, as first sent, is what every retry with the same body gets.
    /// </summary>
    private static async Task HandleIdempotentAsync(
        HttpContext http, string key, IGraphQLTextSerializer serializer, string mediaType, GraphQLRequest request, Func<Task<ExecutionResult>> execute)
    {
        var cancellationToken = http.RequestAborted;
        if (key.Length is 0 or > 255)
        {
            await WriteFailureAsync(http, serializer, mediaType, new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, $"{Idempotency.Header} must be 1 to 255 characters."));
            return;
        }

        var idempotency = http.RequestServices.GetRequiredService<Idempotency>();
        var hash = Idempotency.Hash(serializer.Serialize(new GraphQLRequest
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
        }));
        await using var connection = await http.RequestServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        try
        {
            (int Status, string Body)? stored;
            try
            {
                stored = await idempotency.BeginAsync(connection, WriteGate.Subject(http) ?? "", key, hash, cancellationToken);
            }
            catch (ExecutionError error)
            {
                await WriteAsync(http, serializer, mediaType, StatusCodes.Status409Conflict, new ExecutionResult { Errors = [error] });
                return;
            }

            if (stored is { } replay)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
                await WriteTextAsync(http, mediaType, replay.Status, replay.Body);
                return;
            }

            var result = await execute();
            var status = StatusOf(mediaType, result);
            var body = serializer.Serialize(result);
            await idempotency.CompleteAsync(connection, status, body, CancellationToken.None);
            await WriteTextAsync(http, mediaType, status, body);
        }
        finally
        {
            await Idempotency.ReleaseAsync(connection);
        }
    }

    private static async Task WriteTextAsync(HttpContext http, string mediaType, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await http.Response.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>
    /// Under graphql-response+json an answer without data must not be a 2xx: 400 when the request
    /// was refused before execution, 503 when the database did not come back within the retry
    /// budget, 504 when its execution ran past the request's budget (the server gave up waiting on
    /// its database, as a gateway does).
    /// </summary>
    private static int StatusOf(string mediaType, ExecutionResult result) =>
        mediaType != GraphQLResponseJson || result.Executed ? StatusCodes.Status200OK
        : result.Errors?.Any(error => error.Code == ErrorCodes.DatabaseUnavailable) == true ? StatusCodes.Status503ServiceUnavailable
        : result.Errors?.Any(error => error is global::GraphQL.Execution.TimeoutError) == true ? StatusCodes.Status504GatewayTimeout
        : StatusCodes.Status400BadRequest;

    private static Task<ExecutionResult> Execute(
        IDocumentExecuter executer, ISchema schema, HttpContext http, GraphQLRequest request, GraphQLDocument? document, bool cached, CancellationToken cancellationToken) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            Document = document,
            // A cached document passed the spec's rules already. Its depth and cost, which read
            // variables, are measured on every request by RequestGuard.
            ValidationRules = cached ? [] : null,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = cancellationToken,
        });

    /// <summary>
    /// graphql-response+json only when the client names it and prefers it at least as much as
    /// application/json; a missing or wildcard Accept gets application/json, as the spec advises
    /// during the watershed while older clients still expect it. Null means 406.
    /// </summary>
    internal static string? ChooseMediaType(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return Json;
        }

        var graphQL = Quality(ranges, GraphQLResponseJson, out var named);
        var json = Quality(ranges, Json, out _);
        if (named && graphQL > 0 && graphQL >= json)
        {
            return GraphQLResponseJson;
        }

        return json > 0 ? Json : graphQL > 0 ? GraphQLResponseJson : null;
    }

    /// <summary>The most specific matching range decides the quality (RFC 9110, 12.5.1).</summary>
    private static double Quality(IList<MediaTypeHeaderValue> ranges, string mediaType, out bool named)
    {
        var bestSpecificity = -1;
        var quality = 0.0;
        foreach (var range in ranges)
        {
            var specificity =
                range.MatchesAllTypes ? 0
                : range.MatchesAllSubTypes ? (range.Type.Equals("application", StringComparison.OrdinalIgnoreCase) ? 1 : -1)
                : range.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                quality = range.Quality ?? 1.0;
            }
        }

        named = bestSpecificity == 2;
        return quality;
    }

    /// <summary>Null when the name matches no operation (or is needed and missing): validation says why.</summary>
    private static OperationType? SelectedOperationType(GraphQLDocument document, string? operationName) =>
        SelectedOperation(document, operationName)?.Operation;

    private static GraphQLOperationDefinition? SelectedOperation(GraphQLDocument? document, string? operationName)
    {
        if (document is null)
        {
            return null;
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.Find(operation => operation.Name?.StringValue == operationName);
    }

    private static Task WriteFailureAsync(HttpContext http, IGraphQLSerializer serializer, string mediaType, GraphQLHttpFailure failure) =>
        WriteAsync(http, serializer, mediaType, failure.StatusCode, new ExecutionResult
        {
            Errors = [new ExecutionError(failure.Message) { Code = failure.Code }],
        });

    private static async Task WriteAsync(HttpContext http, IGraphQLSerializer serializer, string mediaType, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
