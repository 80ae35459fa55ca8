using System.Text.Encodings.Web;
using GeoHub.Data;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GeoHub.GraphQL;

public static class GraphQLServices
{
    public static IServiceCollection AddGeoHubGraphQL(this IServiceCollection services)
    {
        services.AddScoped<DataLoaders>();
        services.AddScoped<Changes.Idempotency>();
        services.AddOptions<Changes.WriteOptions>();
        services.AddSingleton<DocumentCache>();
        services.AddOptions<DocumentLimits>();
        services.AddOptions<DateSpan>();
        services.AddSingleton<DocumentGuard>();
        // Depth and cost are RequestGuard's, linear in the document; GraphQL.NET's own analyser
        // walks every expansion of every fragment, which a 1.5 KB document makes 2³⁰ long.
        services.AddSingleton<IConfigureExecution, RequestGuard>();
        // What RequestGuard reads of the caller's limits and the trusted documents, at their
        // defaults where the access layer is not set up (a command-line host of the schema).
        services.AddOptions<Access.CallerLimits>();
        services.AddOptions<Access.TrustedDocumentSettings>();
        services.TryAddSingleton<Access.TrustedDocuments>();
        services.AddOptions<DatabaseFaults>();
        services.AddSingleton<IConfigureExecution, ResilientExecution>();
        // After the guard and the retries: the simplest reads without GraphQL.NET's execution.
        services.AddOptions<DirectReadOptions>();
        services.AddSingleton<DirectReads>();
        services.AddSingleton<IConfigureExecution>(provider => provider.GetRequiredService<DirectReads>());
        services.AddGraphQL(graphql => graphql
            .AddSchema<GeoHubSchema>()
            .AddGraphTypes(typeof(GeoHubSchema).Assembly)
            // Chinese names stay readable in responses instead of \\uXXXX escapes; the relaxed
            // encoder also leaves ' " + alone in error messages. Safe because responses are JSON
            // documents, never inlined into HTML.
            .AddUnhandledExceptionHandler(Telemetry.UnhandledErrors.LogAsync)
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            // Stack traces and exception types only where a developer reads them.
            .AddErrorInfoProvider(provider => new GeoHubErrorInfoProvider(new ErrorInfoProviderOptions
            {
                ExposeExceptionDetails = provider.GetService<IHostEnvironment>()?.IsDevelopment() == true,
            })));
        return services;
    }
}
