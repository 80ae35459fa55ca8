using System.Text.Encodings.Web;
using System.Text.Unicode;
using GraphQL;
using GraphQL.Execution;

namespace GeoHub.GraphQL;

public static class GraphQLServices
{
    public static IServiceCollection AddGeoHubGraphQL(this IServiceCollection services)
    {
        services.AddGraphQL(graphql => graphql
            .AddSchema<GeoHubSchema>()
            .AddGraphTypes(typeof(GeoHubSchema).Assembly)
            // Chinese names stay readable in responses instead of \\uXXXX escapes.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All))
            // Stack traces and exception types only where a developer reads them.
            .AddErrorInfoProvider(provider => new GeoHubErrorInfoProvider(new ErrorInfoProviderOptions
            {
                ExposeExceptionDetails = provider.GetService<IHostEnvironment>()?.IsDevelopment() == true,
            }))
            .AddComplexityAnalyzer(limits =>
            {
                limits.MaxDepth = 12;
                limits.MaxComplexity = 50_000;
            }));
        return services;
    }
}
