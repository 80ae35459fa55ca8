using GraphQL;
using GraphQL.Execution;

namespace GeoHub.GraphQL;

/// <summary>
/// GraphQL.NET names an unhandled exception's code after its type (INVALID_OPERATION, NULL_REFERENCE),
/// which tells clients about our internals; every such error is INTERNAL_ERROR instead.
/// </summary>
internal sealed class GeoHubErrorInfoProvider(ErrorInfoProviderOptions options) : ErrorInfoProvider(options)
{
    protected override IEnumerable<string> GetCodesForError(ExecutionError executionError) =>
        executionError is UnhandledError ? [ErrorCodes.InternalError] : base.GetCodesForError(executionError);
}
