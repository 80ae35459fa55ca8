using GraphQL;

namespace GeoHub.GraphQL;

/// <summary>Coded errors raised from resolvers; the message names the offending input.</summary>
public static class GraphQLErrors
{
    public static ExecutionError NotFound(string what, string key) =>
        new($"No {what} with {key}.") { Code = ErrorCodes.NotFound };

    public static ExecutionError InvalidArgument(string message) =>
        new(message) { Code = ErrorCodes.InvalidArgument };

    public static ExecutionError InvalidGeometry(string message) =>
        new(message) { Code = ErrorCodes.InvalidGeometry };
}
