using GeoHub.Data;
using GraphQL;
using GraphQL.Execution;

namespace GeoHub.Telemetry;

/// <summary>
/// A resolver's exception reaches the client only as INTERNAL_ERROR (outside Development), so the
/// server's log is the one place its type, message and stack are kept: without this line an
/// INTERNAL_ERROR in Production cannot be traced. Database faults the client is told to retry
/// (DATABASE_UNAVAILABLE) and cancelled requests are expected, and logged as warnings.
/// </summary>
public static partial class UnhandledErrors
{
    public static Task LogAsync(UnhandledExceptionContext context, ExecutionOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var logger = options.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("GeoHub.GraphQL");
        if (logger is null)
        {
            return Task.CompletedTask;
        }

        var field = context.FieldContext?.FieldDefinition.Name ?? "(document)";
        // The document's own name where the request did not name the operation to run.
        var operation = context.Context?.Operation.Name?.StringValue ?? options.OperationName ?? "anonymous";
        if (context.OriginalException is OperationCanceledException || DatabaseFaults.IsTransient(context.OriginalException))
        {
            Expected(logger, field, operation, context.OriginalException.GetType().Name, context.OriginalException.Message);
        }
        else
        {
            Internal(logger, context.OriginalException, field, operation);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "INTERNAL_ERROR in field {Field} of operation {Operation}")]
    private static partial void Internal(ILogger logger, Exception exception, string field, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "field {Field} of operation {Operation} stopped: {ExceptionType}: {Message}")]
    private static partial void Expected(ILogger logger, string field, string operation, string exceptionType, string message);
}
