using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Spatial;

/// <summary>
/// Runs GraphQL against the hosted schema directly (document executer, request scope, loaders),
/// as the HTTP endpoint will; the answer comes back as the JSON a client would read.
/// </summary>
public sealed class SchemaExecutor(IServiceProvider services)
{
    private static readonly GraphQLSerializer Serializer = new();

    public async Task<JsonElement> ExecuteAsync(string query, object? variables = null)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await services.GetRequiredService<IDocumentExecuter>().ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            Variables = variables is null ? null : Serializer.Deserialize<Inputs>(JsonSerializer.Serialize(variables)),
            Schema = services.GetRequiredService<ISchema>(),
            RequestServices = scope.ServiceProvider,
        });
        using var document = JsonDocument.Parse(Serializer.Serialize(result));
        return document.RootElement.Clone();
    }

    /// <summary>The data of an answer that must have no errors.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null)
    {
        var answer = await ExecuteAsync(query, variables);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        return answer.GetProperty("data");
    }
}
