using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQL.Types;
using GraphQLParser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Access;

/// <summary>
/// The limits per caller (issue 8, part 5): each role's cost budget, the rate limit per subject
/// and per address, and the size of a request. Each refusal is coded, has its HTTP status,
/// writes nothing and is in the audit log.
/// </summary>
[Collection(AccessDatabase.Name)]
public sealed class LimitTests(AccessFixture fixture) : IAsyncLifetime
{
    // Seven city battle maps: over PUBLIC's budget (60,000 by default), within the others' (150,000).
    private static readonly string SevenCityMaps = "{ " + string.Join(' ', Enumerable.Range(0, 7).Select(i => $"m{i}: battleMap(areaCode: \"350800\")")) + " }";

    private const string Book = """
        mutation($venue: ID!, $from: DateTime!, $to: DateTime!) {
          bookVenue(venueId: $venue, from: $from, to: $to, bookedBy: "王建国", purpose: "limit test") { id }
        }
        """;

    private readonly List<WebApplicationFactory<Program>> factories = [];
    private AccessMap map = null!;

    public async Task InitializeAsync() => map = await AccessMap.ReadAsync(fixture);

    public async Task DisposeAsync()
    {
        foreach (var factory in factories)
        {
            await factory.DisposeAsync();
        }

        await fixture.RunSqlAsync("DELETE FROM bookings WHERE purpose = 'limit test'");
    }

    [Fact]
    public void The_seven_city_maps_cost_more_than_public_and_less_than_the_other_roles_may_spend()
    {
        var schema = fixture.Factory.Services.GetRequiredService<ISchema>();
        var (cost, _, _) = OperationCost.MeasureOf(schema, Parser.Parse(SevenCityMaps), null, null);
        var limits = new CallerLimits();
        var documents = new DocumentLimits();
        Assert.InRange(cost, limits.MaxComplexity(Role.Public, documents) + 1, limits.MaxComplexity(Role.Viewer, documents));
        Assert.All(Enum.GetValues<Role>().Where(r => r != Role.Public), role => Assert.True(limits.MaxComplexity(role, documents) > limits.MaxComplexity(Role.Public, documents)));
    }

    [Fact]
    public async Task Public_gets_the_smallest_budget_and_its_refusal_is_audited()
    {
        var name = "Over" + Guid.NewGuid().ToString("N")[..8];
        var (status, answer, _) = await SendAsync(fixture.CreateClient(), $"query {name} {SevenCityMaps}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([ErrorCodes.Complexity], answer.ErrorCodes());
        Assert.False(answer.TryGetProperty("data", out _));

        var (officerStatus, officerAnswer, _) = await SendAsync(fixture.CreateClient(Role.Officer, [map.District]), SevenCityMaps);
        Assert.Equal(HttpStatusCode.OK, officerStatus);
        Assert.Empty(officerAnswer.ErrorCodes());
        Assert.Equal("FeatureCollection", officerAnswer.GetProperty("data").GetProperty("m6").GetProperty("type").GetString());

        await fixture.Factory.Services.GetRequiredService<AuditLog>().DrainAsync();
        var lines = await fixture.SqlAsync("SELECT kind, role, operation, outcome FROM audit.audit_log WHERE operation_name = @n",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), ("n", name));
        Assert.Equal(("REFUSAL", "PUBLIC", "/graphql", ErrorCodes.Complexity), Assert.Single(lines));
    }

    [Fact]
    public async Task A_role_budget_is_a_setting_and_a_write_over_it_writes_nothing()
    {
        var factory = Factory(new()
        {
            ["GeoHub:Limits:Public:MaxComplexity"] = "100000",
            ["GeoHub:Limits:Officer:MaxComplexity"] = "0.5",
        });
        var (publicStatus, publicAnswer, _) = await SendAsync(factory.CreateClient(), SevenCityMaps);
        Assert.Equal(HttpStatusCode.OK, publicStatus);
        Assert.Empty(publicAnswer.ErrorCodes());

        var before = await CountAsync("SELECT count(*) FROM bookings");
        var officer = Client(factory, Role.Officer, [map.Community], "officer-over-budget");
        var (status, answer, _) = await SendAsync(officer, Book, BookingOn(1));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([ErrorCodes.Complexity], answer.ErrorCodes());
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM bookings"));
    }

    [Fact]
    public async Task Past_its_burst_a_caller_is_429_with_retry_after_and_nothing_written_while_others_go_on()
    {
        // A token every 30 s: nothing refills the buckets while the test runs.
        var factory = Factory(new()
        {
            ["GeoHub:Limits:RateLimiting"] = "true",
            ["GeoHub:Limits:Public:RequestsPerSecond"] = "0.0333",
            ["GeoHub:Limits:Public:Burst"] = "3",
            ["GeoHub:Limits:Officer:RequestsPerSecond"] = "0.0333",
            ["GeoHub:Limits:Officer:Burst"] = "2",
        });
        var anonymous = At(factory.CreateClient(), "192.0.2.10");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(anonymous, "{ __typename }")).Status);
        }

        var (status, answer, response) = await SendAsync(anonymous, "{ __typename }");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal([ErrorCodes.RateLimited], answer.ErrorCodes());
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 31);
        Assert.StartsWith("application/graphql-response+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);

        // The GeoJSON maps draw from the same bucket; tiles from their own.
        using (var geojson = await anonymous.GetAsync(new Uri("/maps/350802.geojson", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, geojson.StatusCode);
            Assert.True(geojson.Headers.Contains("Retry-After"));
            using var body = JsonDocument.Parse(await geojson.Content.ReadAsStringAsync());
            Assert.Equal(ErrorCodes.RateLimited, body.RootElement.GetProperty("code").GetString());
        }

        using (var tile = await anonymous.GetAsync(new Uri("/tiles/compounds/10/844/438.mvt", UriKind.Relative)))
        {
            Assert.True(tile.IsSuccessStatusCode, $"tile: {tile.StatusCode}");
        }

        // Another address, and a caller with a token at the same address, have buckets of their own.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(At(factory.CreateClient(), "192.0.2.11"), "{ __typename }")).Status);
        var officer = At(Client(factory, Role.Officer, [map.Community], "officer-rate"), "192.0.2.10");
        var before = await CountAsync("SELECT count(*) FROM bookings");
        var statuses = new List<HttpStatusCode>();
        for (var month = 1; month <= 4; month++)
        {
            var (bookStatus, bookAnswer, _) = await SendAsync(officer, Book, BookingOn(month));
            statuses.Add(bookStatus);
            Assert.Equal(bookStatus == HttpStatusCode.TooManyRequests ? [ErrorCodes.RateLimited] : [], bookAnswer.ErrorCodes());
        }

        // Two bookings written, two refused before anything ran.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(before + 2, await CountAsync("SELECT count(*) FROM bookings"));
    }

    [Fact]
    public async Task After_retry_after_the_caller_may_go_on()
    {
        var factory = Factory(new()
        {
            ["GeoHub:Limits:RateLimiting"] = "true",
            ["GeoHub:Limits:Public:RequestsPerSecond"] = "1",
            ["GeoHub:Limits:Public:Burst"] = "1",
        });
        var anonymous = At(factory.CreateClient(), "192.0.2.20");
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var (status, _, response) = await SendAsync(anonymous, "{ __typename }");
            refused = status == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(refused);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, retryAfter);
        // The limiter tops its buckets up every tenth of a second.
        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anonymous, "{ __typename }")).Status);
    }

    [Fact]
    public async Task A_flood_of_refused_requests_is_one_audit_line_per_caller_and_minute()
    {
        var factory = Factory(new()
        {
            ["GeoHub:Limits:RateLimiting"] = "true",
            ["GeoHub:Limits:Viewer:RequestsPerSecond"] = "0.0333",
            ["GeoHub:Limits:Viewer:Burst"] = "1",
        });
        var subject = "flooder-" + Guid.NewGuid().ToString("N")[..8];
        var viewer = Client(factory, Role.Viewer, [map.District], subject);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await SendAsync(viewer, "{ __typename }")).Status);
        }

        Assert.Equal([HttpStatusCode.OK, .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 19)], statuses);
        await factory.Services.GetRequiredService<AuditLog>().DrainAsync();
        var lines = await fixture.SqlAsync("SELECT kind, role, operation, outcome FROM audit.audit_log WHERE subject = @s",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), ("s", subject));
        // Twenty requests within a second or two: one minute, or two if the minute turned meanwhile.
        Assert.InRange(lines.Count, 1, 2);
        Assert.All(lines, line => Assert.Equal(("REFUSAL", "VIEWER", "/graphql", ErrorCodes.RateLimited), line));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_and_writes_nothing()
    {
        var factory = Factory(new() { ["GeoHub:Limits:MaxBodyBytes"] = "2000" });
        var officer = Client(factory, Role.Officer, [map.Community], "officer-large");
        var before = await CountAsync("SELECT count(*) FROM bookings");
        var padded = Book + new string(' ', 2000);
        var (status, answer, _) = await SendAsync(officer, padded, BookingOn(3));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal([ErrorCodes.RequestTooLarge], answer.ErrorCodes());
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM bookings"));

        // The same booking within the limit is written.
        var (okStatus, okAnswer, _) = await SendAsync(officer, Book, BookingOn(3));
        Assert.True(okStatus == HttpStatusCode.OK && okAnswer.ErrorCodes().Count == 0, okAnswer.ToString());
        Assert.Equal(before + 1, await CountAsync("SELECT count(*) FROM bookings"));
    }

    private object BookingOn(int month) => new
    {
        venue = GlobalId.Encode("Venue", map.VenueId),
        from = $"2031-0{month}-01T09:00:00+08:00",
        to = $"2031-0{month}-01T10:00:00+08:00",
    };

    private Task<long> CountAsync(string sql) => fixture.SqlAsync<long>(sql).ContinueWith(t => t.Result[0], TaskScheduler.Default);

    private WebApplicationFactory<Program> Factory(Dictionary<string, string> settings)
    {
        var factory = DatabaseFixture.CreateFactory(fixture.ConnectionString).WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings)
            {
                host.UseSetting(key, value);
            }

            host.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddress>());
        });
        factories.Add(factory);
        return factory;
    }

    private static HttpClient Client(WebApplicationFactory<Program> factory, Role role, string[] areas, string subject)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestHost.Token(role, areas, subject: subject));
        return client;
    }

    private static HttpClient At(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add(ClientAddress.Header, address);
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Answer, HttpResponseMessage Response)> SendAsync(HttpClient client, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        var response = await client.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone(), response);
    }

    /// <summary>
    /// The test server has no client addresses: this stands in for clients at different ones,
    /// set before any of GeoHub's middleware runs, as Kestrel sets a connection's.
    /// </summary>
    private sealed class ClientAddress : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext http, RequestDelegate proceed) =>
            {
                if (http.Request.Headers[Header].FirstOrDefault() is { } address)
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                await proceed(http);
            });
            next(app);
        };
    }
}
