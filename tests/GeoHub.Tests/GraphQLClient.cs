using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoHub.GraphQL;

namespace GeoHub.Tests;

/// <summary>Sends GraphQL over HTTP as clients do, and reads the answer as JSON.</summary>
public static class GraphQLClient
{
    public static async Task<JsonElement> PostAsync(this HttpClient client, string query, object? variables = null, string? operationName = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables, operationName });
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The data of an answer that must have no errors.</summary>
    public static async Task<JsonElement> QueryAsync(this HttpClient client, string query, object? variables = null, string? operationName = null)
    {
        var answer = await client.PostAsync(query, variables, operationName);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        return answer.GetProperty("data");
    }

    public static IReadOnlyList<string> ErrorCodes(this JsonElement answer) =>
        answer.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "")]
            : [];

    public static JsonNode? ToNode(this JsonElement element) => JsonNode.Parse(element.GetRawText());

    /// <summary>The row id inside a global id.</summary>
    public static int IdOf(JsonElement globalId) =>
        GlobalId.TryDecode(globalId.GetString()!, out _, out var id) ? id : throw new InvalidOperationException(globalId.ToString());

    /// <summary>The distinct error codes of an answer.</summary>
    public static List<string> CodesOf(JsonElement answer) =>
        answer.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!).Distinct()]
            : [];
}
