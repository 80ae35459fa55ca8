using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeoHub.GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.GraphQL;

/// <summary>The HTTP contract of /graphql, /health and /schema.graphql, independent of the schema's content.</summary>
[Collection(GraphQLHttpServer.Name)]
public sealed class HttpEndpointTests(GraphQLHttpFixture fixture)
{
    private const string GraphQLResponseJson = "application/graphql-response+json";

    [Fact]
    public async Task Post_with_json_is_200_with_charset_and_data()
    {
        var (response, body) = await PostAsync("""{"query":"{ __typename }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponseJson + "; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Query", body.GetProperty("data").GetProperty("__typename").GetString());
        Assert.False(body.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Missing_accept_is_answered_as_application_json()
    {
        var (response, _) = await PostAsync("""{"query":"{ __typename }"}""", accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Get_with_query_and_json_encoded_variables_is_200()
    {
        var query = Uri.EscapeDataString("query Type($name: String!) { __type(name: $name) { name } }");
        var variables = Uri.EscapeDataString("""{"name":"Query"}""");
        var (response, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/graphql?query={query}&variables={variables}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Query", body.GetProperty("data").GetProperty("__type").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/*", "application/json")]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/json, application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/graphql-response+json;q=0.5, application/json", "application/json")]
    [InlineData("application/json;q=0, */*", "application/graphql-response+json")]
    [InlineData("text/html, image/*", null)]
    public void Accept_negotiation_prefers_graphql_response_json_only_when_named(string? accept, string? expected) =>
        Assert.Equal(expected, GraphQLHttpEndpoint.ChooseMediaType(accept));

    [Fact]
    public async Task Get_with_malformed_json_variables_is_400_with_code()
    {
        var query = Uri.EscapeDataString("{ __typename }");
        var (response, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/graphql?query={query}&variables=%7Bnope"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, SingleCode(body));
    }

    [Fact]
    public async Task Post_with_invalid_utf8_is_400_with_code()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent([.. """{"query":"{ __typename }","variables":{"name":" """u8, 0xC3, 0x28, .. "\"}}"u8]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (response, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, SingleCode(body));
    }

    [Fact]
    public async Task Post_with_a_charset_other_than_utf8_is_415()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.Latin1, "application/json") };
        var (response, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ErrorCodes.UnsupportedMediaType, SingleCode(body));
    }

    [Fact]
    public async Task Post_with_malformed_json_is_400_with_code()
    {
        var (response, body) = await PostAsync("""{ "query": "{ __typename }" """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, SingleCode(body));
    }

    [Fact]
    public async Task Post_with_non_object_variables_is_400_with_code()
    {
        var (response, body) = await PostAsync("""{"query":"{ __typename }","variables":["n"]}""", accept: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.BadRequest, SingleCode(body));
    }

    [Fact]
    public async Task Post_without_query_is_400_with_code()
    {
        var (response, body) = await PostAsync("""{"operationName":"Q"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.MissingQuery, SingleCode(body));
    }

    [Fact]
    public async Task Variable_of_the_wrong_type_is_400_with_code_and_no_data()
    {
        // Int is not in the schema yet (nothing uses it), so String! stands in for any scalar.
        var (response, body) = await PostAsync("""{"query":"query($name: String!) { __type(name: $name) { name } }","variables":{"name":{"not":"a string"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_VALUE", SingleCode(body));
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Variable_of_the_wrong_type_is_200_under_application_json()
    {
        var (response, body) = await PostAsync("""{"query":"query($name: String!) { __type(name: $name) { name } }","variables":{"name":5}}""", accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("INVALID_VALUE", SingleCode(body));
    }

    [Fact]
    public async Task Unknown_field_is_400_with_code()
    {
        var (response, body) = await PostAsync("""{"query":"{ noSuchField }"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", SingleCode(body));
    }

    [Fact]
    public async Task Mutation_over_get_is_405_with_allow_post()
    {
        // The schema has no mutation type: the 405 comes from the parsed operation, not validation.
        var query = Uri.EscapeDataString("mutation { x }");
        var (response, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/graphql?query={query}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal(ErrorCodes.MethodNotAllowed, SingleCode(body));
    }

    [Fact]
    public async Task A_mutation_cached_from_a_post_is_still_refused_over_get()
    {
        // Sent by POST it validates and runs (the anonymous may not write: FORBIDDEN), so it is
        // cached; the same text over GET must still be refused before anything runs.
        const string query = "mutation { cancelBooking(id: \"Qm9va2luZzow\") { id } }";
        var (posted, postedBody) = await PostAsync(JsonSerializer.Serialize(new { query }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, SingleCode(postedBody));
        Assert.NotNull(fixture.Factory.Services.GetRequiredService<DocumentCache>().Find(query));

        var (response, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/graphql?query={Uri.EscapeDataString(query)}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(ErrorCodes.MethodNotAllowed, SingleCode(body));
    }

    [Fact]
    public async Task Post_without_content_type_is_415()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent("""{"query":"{ __typename }"}"""u8.ToArray()) };
        var (response, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ErrorCodes.UnsupportedMediaType, SingleCode(body));
    }

    [Fact]
    public async Task Unacceptable_accept_is_406()
    {
        var (response, body) = await PostAsync("""{"query":"{ __typename }"}""", accept: "text/html");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal(ErrorCodes.NotAcceptable, SingleCode(body));
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_413()
    {
        var padding = new string(' ', GraphQLHttpRequestReader.DefaultMaxBodyBytes);
        var (response, body) = await PostAsync($$"""{"query":"{ __typename }"{{padding}}}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ErrorCodes.RequestTooLarge, SingleCode(body));
    }

    [Fact]
    public async Task Query_deeper_than_max_depth_is_400_with_the_depth_code()
    {
        // 13 levels of fields against MaxDepth 12: RequestGuard measures every execution.
        var query = "{ compounds { nodes { community { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } }";
        var (response, body) = await PostAsync(JsonSerializer.Serialize(new { query }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.DepthLimit, SingleCode(body));
        Assert.Contains("depth", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspection_as_graphiql_sends_it_is_within_the_limits()
    {
        // graphql-js's introspection query nests ofType seven times under fields { args { type } }:
        // 13 levels, past the data depth limit but within introspection's.
        const string typeRef = "fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";
        const string inputValue = "fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }";
        const string fullType = "fragment FullType on __Type { kind name description fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason } inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }";
        const string query = "query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name } types { ...FullType } directives { name description locations args { ...InputValue } } } } "
            + fullType + " " + inputValue + " " + typeRef;
        var (response, body) = await PostAsync(JsonSerializer.Serialize(new { query }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Equal("Query", body.GetProperty("data").GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_cached_document_is_still_held_to_the_complexity_limit_its_variables_set()
    {
        // first: $n multiplies the nested list: n = 1 is cheap and runs (so the document is
        // cached); n = 500 is 500 × 500 units, over MaxComplexity, and must be refused even
        // though the second request skips the rules that do not read variables.
        const string query = "query Units($n: Int) { compounds(first: $n) { nodes { nearbyCoBuildingUnits(withinMeters: 100, first: $n) { distanceMeters } } } }";
        var cache = fixture.Factory.Services.GetRequiredService<DocumentCache>();

        var (cheap, cheapBody) = await PostAsync(JsonSerializer.Serialize(new { query, variables = new { n = 1 } }));
        Assert.Equal(HttpStatusCode.OK, cheap.StatusCode);
        Assert.False(cheapBody.TryGetProperty("errors", out _));
        Assert.NotNull(cache.Find(query));

        var (costly, costlyBody) = await PostAsync(JsonSerializer.Serialize(new { query, variables = new { n = 500 } }));
        Assert.Equal(HttpStatusCode.BadRequest, costly.StatusCode);
        Assert.Equal("COMPLEXITY", SingleCode(costlyBody));
    }

    [Fact]
    public async Task An_invalid_document_is_not_cached_and_fails_validation_every_time()
    {
        const string query = "{ __typename noSuchFieldEither }";
        var cache = fixture.Factory.Services.GetRequiredService<DocumentCache>();

        for (var i = 0; i < 2; i++)
        {
            var (response, body) = await PostAsync(JsonSerializer.Serialize(new { query }));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("FIELDS_ON_CORRECT_TYPE", SingleCode(body));
        }

        Assert.Null(cache.Find(query));
    }

    [Fact]
    public async Task A_cached_document_answers_each_operation_by_name()
    {
        // One document, two operations: the cache keys on the text, the operation is chosen per request.
        const string query = "query A { __typename } query B { __schema { queryType { name } } }";
        var (first, a) = await PostAsync(JsonSerializer.Serialize(new { query, operationName = "A" }));
        var (second, b) = await PostAsync(JsonSerializer.Serialize(new { query, operationName = "B" }));
        var (third, missing) = await PostAsync(JsonSerializer.Serialize(new { query }));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Query", a.GetProperty("data").GetProperty("__typename").GetString());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Query", b.GetProperty("data").GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.False(missing.TryGetProperty("data", out _));
    }

    [Fact]
    public void The_document_cache_starts_over_when_full_instead_of_growing()
    {
        var cache = new DocumentCache();
        var document = new global::GraphQL.Execution.GraphQLDocumentBuilder().Build("{ __typename }");
        var text = new string('#', DocumentCache.MaxDocumentLength - 20);
        var fits = DocumentCache.MaxTotalLength / (text.Length + 10);

        for (var i = 0; i < fits + 1; i++)
        {
            cache.Add($"{i,9} " + text, document);
        }

        Assert.InRange(cache.Count, 1, fits);
        Assert.NotNull(cache.Find($"{fits,9} " + text));
        cache.Add(new string(' ', DocumentCache.MaxDocumentLength + 1), document);
        Assert.Null(cache.Find(new string(' ', DocumentCache.MaxDocumentLength + 1)));
    }

    [Fact]
    public async Task Chinese_in_an_error_message_is_sent_as_utf8_not_escaped()
    {
        var request = JsonRequest("""{"query":"{ 龙岩 }"}""", GraphQLResponseJson);
        using var response = await fixture.Factory.CreateClient().SendAsync(request);
        var raw = await response.Content.ReadAsByteArrayAsync();

        Assert.Contains("龙", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public void Unhandled_exception_is_INTERNAL_ERROR_without_details_outside_development()
    {
        var provider = fixture.Factory.Services.GetRequiredService<IErrorInfoProvider>();

        var info = provider.GetInfo(new UnhandledError("Error trying to resolve field 'x'.", new InvalidOperationException("secret")));

        Assert.Equal(ErrorCodes.InternalError, info.Extensions?["code"]);
        Assert.False(info.Extensions?.ContainsKey("details"));
        Assert.DoesNotContain("secret", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolver_exception_reaches_the_client_as_INTERNAL_ERROR_without_its_message()
    {
        // The real schema has no failing field, so a one-field schema stands in for it.
        var query = new ObjectGraphType { Name = "Query" };
        query.Field<StringGraphType>("boom").Resolve(_ => throw new InvalidOperationException("secret connection string"));
        await using var factory = fixture.Factory.WithWebHostBuilder(host =>
            host.ConfigureTestServices(services => services.AddSingleton<ISchema>(new Schema { Query = query })));
        using var request = JsonRequest("""{"query":"{ boom }"}""", GraphQLResponseJson);

        using var response = await factory.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(ErrorCodes.InternalError, SingleCode(json.RootElement));
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_ready_are_200_while_the_database_answers_and_migrations_are_applied()
    {
        using var client = fixture.Factory.CreateClient();
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/ready", UriKind.Relative));
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("applied", report.RootElement.GetProperty("migrations").GetString());
        Assert.Equal("complete", report.RootElement.GetProperty("derivedData").GetString());
    }

    [Fact]
    public async Task Without_a_database_the_process_is_healthy_but_not_ready()
    {
        await using var unreachable = GraphQLHttpFixture.CreateFactory("Host=127.0.0.1;Port=1;Username=geohub;Password=geohub;Database=geohub;Timeout=2");
        using var client = unreachable.CreateClient();
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/ready", UriKind.Relative));
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unavailable", report.RootElement.GetProperty("database").GetString());
    }

    [Fact]
    public async Task Schema_graphql_serves_the_sdl()
    {
        using var response = await fixture.Factory.CreateClient().GetAsync(new Uri("/schema.graphql", UriKind.Relative));
        var sdl = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("type Query", sdl, StringComparison.Ordinal);
        Assert.Contains("type Query {", sdl, StringComparison.Ordinal);
    }

    private static HttpRequestMessage JsonRequest(string body, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        return request;
    }

    private Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string body, string? accept = GraphQLResponseJson) =>
        SendAsync(JsonRequest(body, accept));

    /// <summary>Also checks the rule every response shares: each error carries extensions.code.</summary>
    private async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await fixture.Factory.CreateClient().SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var body = json.RootElement.Clone();
            if (body.TryGetProperty("errors", out var errors))
            {
                Assert.All(errors.EnumerateArray(), error =>
                    Assert.False(string.IsNullOrEmpty(error.GetProperty("extensions").GetProperty("code").GetString())));
            }

            return (response, body);
        }
    }

    private static string? SingleCode(JsonElement body) =>
        Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("extensions").GetProperty("code").GetString();
}
