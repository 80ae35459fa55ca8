namespace GeoHub.GraphQL;

/// <summary>GraphQL over HTTP at one path: POST and GET as the GraphQL-over-HTTP spec says.</summary>
public static class GraphQLHttpEndpoint
{
    public static IEndpointConventionBuilder MapGraphQLHttp(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapMethods(pattern, ["GET", "POST"], () => Results.StatusCode(StatusCodes.Status501NotImplemented));
}
