using GraphQL;
using GraphQL.Execution;

namespace GeoHub.GraphQL;

/// <summary>
/// GraphQL.NET names an unhandled exception's code after its type (INVALID_OPERATION, NULL_REFERENCE),
/// which tells clients about our internals; every such error is INTERNAL_ERROR instead.
/// </summary>
internal sealed class GeoHubErrorInfoProvider(ErrorInfoProviderOptions options) : ErrorInfoProvider(options)
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (executionError is UnhandledError && executionError.Code != ErrorCodes.DatabaseUnavailable && info.Extensions is { } extensions)
        {
            extensions["code"] = ErrorCodes.InternalError;
            extensions["codes"] = new[] { ErrorCodes.InternalError };
        }

        return info;
    }
}
