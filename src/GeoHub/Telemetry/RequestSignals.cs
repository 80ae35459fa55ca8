using System.Diagnostics;
using GraphQL;

namespace GeoHub.Telemetry;

/// <summary>
/// What one GraphQL request leaves behind: a span of its execution named after the operation
/// ("query Coverage", with graphql.operation.name and .type, also set on the HTTP span around it,
/// whose name ASP.NET Core keeps as the route), its database commands' spans under it, the request metrics, a refusal count when it did not
/// run, and a warning with its database time when it took longer than
/// <c>GeoHub:Telemetry:SlowOperationMs</c> (1,000 ms).
/// </summary>
public sealed partial class RequestSignals
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly DatabaseTime database = DatabaseTime.Start();
    private readonly Activity? span = GeoHubMetrics.Source.StartActivity("graphql");
    private readonly HttpContext http;

    private RequestSignals(HttpContext http) => this.http = http;

    public static RequestSignals Start(HttpContext http) => new(http);

    public void Finish(string? operationName, string? operationType, ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var elapsed = clock.Elapsed;
        // An unhandled exception's code is its type's name (POSTGRES, NULL_REFERENCE) until the error
        // info provider writes the answer; metrics and traces name it as the client sees it.
        var code = result.Errors is { Count: > 0 } errors
            ? errors[0] is global::GraphQL.Execution.UnhandledError && errors[0].Code != GraphQL.ErrorCodes.DatabaseUnavailable ? GraphQL.ErrorCodes.InternalError : errors[0].Code ?? "ERROR"
            : null;
        var outcome = code ?? "ok";
        var name = GeoHubMetrics.Label(operationName);
        if (span is not null)
        {
            span.DisplayName = $"{operationType ?? "graphql"} {name}";
            foreach (var activity in new[] { span, span.Parent })
            {
                activity?.SetTag("graphql.operation.name", operationName);
                activity?.SetTag("graphql.operation.type", operationType);
                activity?.SetTag("graphql.error.code", code);
            }

            span.Stop();
        }

        GeoHubMetrics.Request(name, outcome, elapsed, database.Elapsed);
        if (code is not null && (!result.Executed || code == GraphQL.ErrorCodes.DatabaseUnavailable))
        {
            GeoHubMetrics.Refusal(code);
        }

        var threshold = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("GeoHub:Telemetry:SlowOperationMs", 1000);
        if (elapsed.TotalMilliseconds >= threshold)
        {
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GeoHub.SlowOperations");
            Slow(logger, operationType ?? "graphql", operationName ?? "anonymous", elapsed.TotalMilliseconds, database.Elapsed.TotalMilliseconds, database.Commands, outcome);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "slow operation: {OperationType} {Operation} took {ElapsedMs:F0} ms, {DatabaseMs:F0} ms of it in {Commands} database commands; outcome {Outcome}")]
    private static partial void Slow(ILogger logger, string operationType, string operation, double elapsedMs, double databaseMs, int commands, string outcome);
}
