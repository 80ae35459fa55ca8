using System.Net.Http.Headers;
using System.Text.Json;

namespace GeoHub.Bench;

/// <summary>One request the benchmark repeats: a GraphQL operation (POST) or a plain GET such as a tile.</summary>
internal sealed class BenchRequest
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly byte[]? body;

    private BenchRequest(string name, string path, byte[]? body, bool expectErrors)
    {
        Name = name;
        Path = path;
        this.body = body;
        ExpectErrors = expectErrors;
    }

    public string Name { get; }

    public string Path { get; }

    /// <summary>The import is sent with a bad feature: it must be refused, so nothing is written.</summary>
    public bool ExpectErrors { get; }

    public static BenchRequest GraphQL(string name, string query, string? operationName, object? variables, bool expectErrors = false) =>
        new(name, "/graphql", JsonSerializer.SerializeToUtf8Bytes(new { query, operationName, variables }), expectErrors);

    public static BenchRequest Get(string name, string path) => new(name, path, null, false);

    /// <summary>The first error code of the answer when it is not the expected kind (a map too large for it, say), else null.</summary>
    public async Task<string?> RefusalAsync(HttpClient client)
    {
        try
        {
            await SendAsync(client, check: true);
            return null;
        }
        catch (InvalidOperationException) when (body is not null)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = JsonType;
            using var response = await client.SendAsync(message);
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors[0].TryGetProperty("extensions", out var extensions)
                && extensions.TryGetProperty("code", out var code))
            {
                return code.GetString();
            }

            throw;
        }
    }

    /// <summary>Sends the request and reads the whole answer; with check, fails unless it is the expected kind of answer.</summary>
    public async Task<JsonElement?> SendAsync(HttpClient client, bool check = false)
    {
        using var message = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, new Uri(Path, UriKind.Relative));
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = JsonType;
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        }

        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!check)
        {
            return null;
        }

        if (body is null)
        {
            return response.IsSuccessStatusCode ? null : throw new InvalidOperationException($"{Name}: HTTP {(int)response.StatusCode}");
        }

        if (bytes.Length == 0)
        {
            throw new InvalidOperationException($"{Name}: HTTP {(int)response.StatusCode} with an empty body");
        }

        using var document = JsonDocument.Parse(bytes);
        var hasErrors = document.RootElement.TryGetProperty("errors", out var errors);
        if (hasErrors != ExpectErrors)
        {
            throw new InvalidOperationException($"{Name}: HTTP {(int)response.StatusCode}, errors {(hasErrors ? errors.ToString() : "none")}");
        }

        return document.RootElement.Clone();
    }
}
