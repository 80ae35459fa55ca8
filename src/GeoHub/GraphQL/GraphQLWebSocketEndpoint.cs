using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GeoHub.Access;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;

namespace GeoHub.GraphQL;

/// <summary>
/// GraphQL over WebSocket at /graphql, the graphql-transport-ws protocol (what the graphql-ws npm
/// client and GraphiQL speak): connection_init/connection_ack, ping/pong, subscribe, then next …
/// complete or error per operation, complete from the client to stop one. A breach of the protocol
/// closes the socket with the protocol's code (4400 bad message, 4401 subscribe before ack, 4406
/// other subprotocol, 4408 no init in time, 4409 duplicate id, 4429 second init).
/// </summary>
public static class GraphQLWebSocketEndpoint
{
    public const string SubProtocol = "graphql-transport-ws";

    /// <summary>The close reason of a socket the stopping server ends.</summary>
    public const string GoingAwayReason = "Server shutting down";

    private const int MaxMessageBytes = 64 * 1024;

    /// <summary>How long a stopping server waits for a client to answer its close frame.</summary>
    private static readonly TimeSpan GoingAwayGrace = TimeSpan.FromSeconds(1);

    /// <summary>Serves WebSocket requests to <paramref name="path"/>; everything else goes on to the HTTP endpoint.</summary>
    public static IApplicationBuilder UseGraphQLWebSockets(this IApplicationBuilder app, string path)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        return app.Use(async (http, next) =>
        {
            if (http.Request.Path == path && http.WebSockets.IsWebSocketRequest)
            {
                await HandleAsync(http);
                return;
            }

            await next(http);
        });
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var offered = http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(offered ? SubProtocol : null);
        if (!offered)
        {
            await CloseAsync(socket, 4406, "Subprotocol not acceptable");
            return;
        }

        await using var connection = new Connection(socket, http);
        // On SIGTERM every socket is closed with 1001 (going away) and a reason, so clients
        // reconnect to another instance at once, and shutdown does not wait out its timeout for them.
        var lifetime = http.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = lifetime.ApplicationStopping.Register(() => _ = connection.GoingAwayAsync());
        await connection.RunAsync(http.RequestAborted);
    }

    internal static Task CloseAsync(WebSocket socket, int code, string reason) =>
        socket.State is WebSocketState.Open or WebSocketState.CloseReceived
            ? socket.CloseAsync((WebSocketCloseStatus)code, reason, CancellationToken.None)
            : Task.CompletedTask;

    private sealed class Connection(WebSocket socket, HttpContext http) : IAsyncDisposable
    {
        private readonly SemaphoreSlim sending = new(1, 1);
        private readonly ConcurrentDictionary<string, IDisposable> operations = new();
        private readonly IGraphQLTextSerializer serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        private readonly CancellationTokenSource closed = new();
        private int initialised;
        private volatile bool acknowledged;

        // The upgrade request's caller (its Authorization header, when a client can send one),
        // until connection_init names another: browsers cannot set headers on a WebSocket.
        private Caller caller = http.RequestServices.GetRequiredService<RequestAccess>().Caller;

        public async Task RunAsync(CancellationToken aborted)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, closed.Token);
            var initWait = http.RequestServices.GetService<IConfiguration>()?.GetValue("GeoHub:WebSocket:ConnectionInitTimeout", TimeSpan.FromSeconds(3)) ?? TimeSpan.FromSeconds(3);
            _ = Task.Delay(initWait, linked.Token).ContinueWith(
                async _ =>
                {
                    if (Volatile.Read(ref initialised) == 0)
                    {
                        await CloseAsync(4408, "Connection initialisation timeout");
                    }
                },
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            while (socket.State == WebSocketState.Open && !linked.IsCancellationRequested)
            {
                var message = await ReceiveAsync(linked.Token);
                if (message is null)
                {
                    break;
                }

                await HandleAsync(message);
            }
        }

        private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                using var text = new MemoryStream();
                while (true)
                {
                    WebSocketReceiveResult result;
                    try
                    {
                        result = await socket.ReceiveAsync(buffer, cancellationToken);
                    }
                    catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
                    {
                        return null;
                    }

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseAsync(1000, "");
                        return null;
                    }

                    text.Write(buffer, 0, result.Count);
                    if (text.Length > MaxMessageBytes)
                    {
                        await CloseAsync(4400, "Message too large");
                        return null;
                    }

                    if (result.EndOfMessage)
                    {
                        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private async Task HandleAsync(string text)
        {
            JsonElement message;
            try
            {
                message = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException)
            {
                await CloseAsync(4400, "Invalid message: not JSON");
                return;
            }

            var type = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "connection_init":
                    if (Interlocked.Exchange(ref initialised, 1) == 1)
                    {
                        await CloseAsync(4429, "Too many initialisation requests");
                        return;
                    }

                    if (!await SignInAsync(message))
                    {
                        return;
                    }

                    acknowledged = true;
                    await SendAsync("""{"type":"connection_ack"}""");
                    return;
                case "ping":
                    await SendAsync("""{"type":"pong"}""");
                    return;
                case "pong":
                    return;
                case "subscribe":
                    await SubscribeAsync(message);
                    return;
                case "complete":
                    if (message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && operations.TryRemove(id.GetString()!, out var operation))
                    {
                        operation.Dispose();
                    }

                    return;
                default:
                    await CloseAsync(4400, type is null ? "Invalid message: no type" : $"Invalid message type '{type}'");
                    return;
            }
        }

        /// <summary>
        /// connection_init's payload may carry the bearer token (<c>{"Authorization": "Bearer …"}</c>,
        /// as graphql-ws clients send connectionParams); a bad one closes the socket with 4403, the
        /// protocol's Forbidden, as a bad header is HTTP 401 — never quietly anonymous.
        /// </summary>
        private async Task<bool> SignInAsync(JsonElement message)
        {
            if (!message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                return true;
            }

            string? authorization = null;
            foreach (var property in payload.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String
                    && (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("token", StringComparison.OrdinalIgnoreCase)))
                {
                    var value = property.Value.GetString()!;
                    authorization = value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value : "Bearer " + value;
                }
            }

            if (authorization is null)
            {
                return true;
            }

            var (signedIn, failure) = await AccessServices.AuthenticateAsync(http, authorization);
            if (signedIn is null)
            {
                http.RequestServices.GetRequiredService<RequestAccess>().Refused("connection_init", null, null, ErrorCodes.Unauthenticated);
                await CloseAsync(4403, "Forbidden: " + (failure ?? "the bearer token is not valid"));
                return false;
            }

            caller = signedIn;
            return true;
        }

        private async Task SubscribeAsync(JsonElement message)
        {
            if (!acknowledged)
            {
                await CloseAsync(4401, "Unauthorized");
                return;
            }

            if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id
                || !message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
                || !payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
            {
                await CloseAsync(4400, "Invalid message: subscribe needs an id and a payload with a query");
                return;
            }

            GraphQLRequest request;
            try
            {
                request = serializer.Deserialize<GraphQLRequest>(payload.GetRawText())!;
            }
            catch (Exception exception) when (exception is JsonException or GraphQLParser.Exceptions.GraphQLParserException or InvalidOperationException)
            {
                await CloseAsync(4400, "Invalid message: bad subscribe payload");
                return;
            }

            // Each operation gets its own scope (its own loaders), held until it completes.
            var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var stop = new CancellationTokenSource();
            scope.ServiceProvider.GetRequiredService<RequestAccess>().Caller = caller;
            var operation = new Operation(scope, stop);
            if (!operations.TryAdd(id, operation))
            {
                operation.Dispose();
                await CloseAsync(4409, $"Subscriber for {id} already exists");
                return;
            }

            ExecutionResult result;
            try
            {
                result = await scope.ServiceProvider.GetRequiredService<IDocumentExecuter>().ExecuteAsync(new ExecutionOptions
                {
                    Schema = scope.ServiceProvider.GetRequiredService<ISchema>(),
                    Query = request.Query,
                    OperationName = request.OperationName,
                    Variables = request.Variables,
                    Extensions = request.Extensions,
                    RequestServices = scope.ServiceProvider,
                    User = http.User,
                    CancellationToken = stop.Token,
                });
            }
            catch (OperationCanceledException)
            {
                Forget(id);
                return;
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                // One root field per subscription (the spec's rule, which validation enforced).
                operation.Stream = streams.Values.First().Subscribe(new Observer(this, id));
                return;
            }

            if (!result.Executed || (result.Data is null && result.Errors is { Count: > 0 }))
            {
                Forget(id);
                await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{ErrorsJson(result)}}}""");
                return;
            }

            // A query or mutation: one result, then complete.
            await NextAsync(id, result);
            await CompleteAsync(id);
        }

        private string ErrorsJson(ExecutionResult result)
        {
            using var document = JsonDocument.Parse(serializer.Serialize(new ExecutionResult { Errors = result.Errors }));
            return document.RootElement.GetProperty("errors").GetRawText();
        }

        internal Task NextAsync(string id, ExecutionResult result) =>
            operations.ContainsKey(id)
                ? SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"next","payload":{{serializer.Serialize(result)}}}""")
                : Task.CompletedTask;

        internal async Task CompleteAsync(string id)
        {
            if (Forget(id))
            {
                await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""");
            }
        }

        private bool Forget(string id)
        {
            if (!operations.TryRemove(id, out var operation))
            {
                return false;
            }

            operation.Dispose();
            return true;
        }

        private async Task SendAsync(string json)
        {
            await sending.WaitAsync(CancellationToken.None);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (WebSocketException)
            {
                // The client went away; the receive loop ends the connection.
            }
            finally
            {
                sending.Release();
            }
        }

        /// <summary>The server is stopping: 1001 with the reason, then the connection ends.</summary>
        /// Only the close frame is sent, and the client's answer is waited for at most
        /// <see cref="GoingAwayGrace"/>: a client that never answers must not hold the shutdown up.
        /// Ending at once would cancel the pending receive, which aborts the socket and can reset
        /// the connection before the close frame reaches the client (seen in a third of runs).
        public async Task GoingAwayAsync()
        {
            await sending.WaitAsync(CancellationToken.None);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, GoingAwayReason, CancellationToken.None);
                }
            }
            catch (WebSocketException)
            {
            }
            finally
            {
                sending.Release();
                try
                {
                    closed.CancelAfter(GoingAwayGrace);
                }
                catch (ObjectDisposedException)
                {
                    // The client answered and the connection has ended already.
                }
            }
        }

        private async Task CloseAsync(int code, string reason)
        {
            await sending.WaitAsync(CancellationToken.None);
            try
            {
                await GraphQLWebSocketEndpoint.CloseAsync(socket, code, reason);
            }
            catch (WebSocketException)
            {
            }
            finally
            {
                sending.Release();
                closed.Cancel();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var id in operations.Keys)
            {
                Forget(id);
            }

            closed.Dispose();
            sending.Dispose();
            await Task.CompletedTask;
        }
    }

    private sealed class Operation(AsyncServiceScope scope, CancellationTokenSource stop) : IDisposable
    {
        public IDisposable? Stream { get; set; }

        public void Dispose()
        {
            stop.Cancel();
            Stream?.Dispose();
            stop.Dispose();
            scope.Dispose();
        }
    }

    /// <summary>Each event's result goes out as `next`; the stream's end as `complete`; its failure as a last `next` with the error, then `complete`.</summary>
    private sealed class Observer(Connection connection, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => connection.NextAsync(id, value).GetAwaiter().GetResult();

        public void OnError(Exception error)
        {
            var executionError = error as ExecutionError ?? new ExecutionError("The subscription failed.") { Code = ErrorCodes.InternalError };
            connection.NextAsync(id, new ExecutionResult { Errors = [executionError] }).GetAwaiter().GetResult();
            connection.CompleteAsync(id).GetAwaiter().GetResult();
        }

        public void OnCompleted() => connection.CompleteAsync(id).GetAwaiter().GetResult();
    }
}
