using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.GraphQL;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace GeoHub.Tests.Access;

/// <summary>Bearer tokens: a good one names the caller, every bad one is 401 UNAUTHENTICATED on every surface.</summary>
[Collection(AccessDatabase.Name)]
public sealed class IdentityTests(AccessFixture fixture)
{
    private static readonly string[] Surfaces = ["/graphql?query=%7Bviewer%7Brole%7D%7D", "/maps/350802.geojson", "/tiles/compounds/10/844/438.mvt"];

    public static TheoryData<string> BadTokens() => new()
    {
        "expired", "not-yet-valid", "wrong-key", "wrong-audience", "wrong-issuer", "tampered", "alg-none", "garbage", "hs256-with-public-key", "unknown-role", "basic",
    };

    internal static string Bad(string kind)
    {
        var claims = new TokenClaims(Role.Admin, [], null, "mallory");
        var key = TestHost.SigningKeyOfTests;
        switch (kind)
        {
            case "expired":
                return TokenMinter.Mint(key, claims, TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(-3));
            case "not-yet-valid":
                return TokenMinter.Mint(key, claims, TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(2));
            case "wrong-key":
                using (var other = RSA.Create(2048))
                {
                    return TokenMinter.Mint(new RsaSecurityKey(other.ExportParameters(true)) { KeyId = key.KeyId }, claims, TimeSpan.FromHours(1));
                }

            case "wrong-audience":
                return TokenMinter.Mint(key, claims, TimeSpan.FromHours(1), audience: "another-service");
            case "wrong-issuer":
                return TokenMinter.Mint(key, claims, TimeSpan.FromHours(1), issuer: "someone-else");
            case "tampered":
                // A VIEWER's token whose payload is rewritten to ADMIN, signature kept.
                var parts = TestHost.Token(Role.Viewer, ["350802"]).Split('.');
                var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"VIEWER\"", "\"ADMIN\"", StringComparison.Ordinal);
                return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
            case "alg-none":
                var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
                var body = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new
                {
                    sub = "mallory",
                    role = "ADMIN",
                    iss = "geohub",
                    aud = "geohub",
                    exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
                    nbf = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(),
                }));
                return $"{header}.{body}.";
            case "garbage":
                return "not-a-token";
            case "hs256-with-public-key":
                // The classic confusion: HMAC keyed with the RSA public key the server trusts.
                var publicPem = Encoding.UTF8.GetBytes(key.Rsa.ExportSubjectPublicKeyInfoPem());
                return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = "geohub",
                    Audience = "geohub",
                    Expires = DateTime.UtcNow.AddHours(1),
                    Claims = new Dictionary<string, object> { ["sub"] = "mallory", ["role"] = "ADMIN" },
                    SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(publicPem), SecurityAlgorithms.HmacSha256),
                });
            case "unknown-role":
                return TokenMinter.Mint(key, claims with { Role = (Role)42 }, TimeSpan.FromHours(1));
            default:
                return "";
        }
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_unauthenticated_on_graphql_maps_and_tiles(string kind)
    {
        var client = fixture.CreateClient();
        foreach (var surface in Surfaces)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, surface);
            request.Headers.Authorization = kind == "basic" ? new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=") : new AuthenticationHeaderValue("Bearer", Bad(kind));
            request.Headers.Accept.ParseAdd(GraphQLHttpEndpoint.GraphQLResponseJson);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind} on {surface}: {(int)response.StatusCode} {body}");
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            using var json = JsonDocument.Parse(body);
            var code = surface.StartsWith("/graphql", StringComparison.Ordinal)
                ? json.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()
                : json.RootElement.GetProperty("code").GetString();
            Assert.Equal(ErrorCodes.Unauthenticated, code);
            if (surface.StartsWith("/graphql", StringComparison.Ordinal))
            {
                Assert.StartsWith(GraphQLHttpEndpoint.GraphQLResponseJson, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_bad_token_on_a_legacy_client_gets_the_error_as_application_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ viewer { role } }"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bad("expired"));
        using var response = await fixture.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith(GraphQLHttpEndpoint.Json, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<Role, string[], string?> Callers() => new()
    {
        { Role.Public, [], null },
        { Role.Viewer, ["350802"], null },
        { Role.Officer, ["350802", "350821"], null },
        { Role.Unit, [], "7" },
        { Role.Admin, [], null },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Viewer_tells_the_caller_who_the_server_takes_it_to_be(Role role, string[] areas, string? unit)
    {
        var query = File.ReadAllText(Path.Combine(RepoPaths.Operations, "viewer.graphql"));
        var viewer = (await fixture.CreateClient(role, areas, unit, subject: "alice").QueryAsync(query)).GetProperty("viewer");
        Assert.Equal(AuditLog.Name(role), viewer.GetProperty("role").GetString());
        Assert.Equal(areas, viewer.GetProperty("areaCodes").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal("alice", viewer.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_caller_is_public_with_no_areas()
    {
        var viewer = (await fixture.CreateClient().QueryAsync("{ viewer { role areaCodes subject } }")).GetProperty("viewer");
        Assert.Equal("PUBLIC", viewer.GetProperty("role").GetString());
        Assert.Equal(0, viewer.GetProperty("areaCodes").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, viewer.GetProperty("subject").ValueKind);
    }

    [Fact]
    public async Task Area_codes_no_area_has_grant_nothing()
    {
        var viewer = (await fixture.CreateClient(Role.Officer, ["350802", "999999"]).QueryAsync("{ viewer { areaCodes } }")).GetProperty("viewer");
        Assert.Equal(["350802"], viewer.GetProperty("areaCodes").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_token_is_validated_once_then_its_caller_comes_from_the_cache()
    {
        // Counted where JwtBearer validates: ASP.NET Core's own authentication middleware, were a
        // default scheme inferred, would validate every request's token before GeoHub's cache.
        var validations = 0;
        var rejections = 0;
        await using var factory = DatabaseFixture.CreateFactory(fixture.ConnectionString, services =>
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.Events = new JwtBearerEvents
            {
                OnTokenValidated = _ =>
                {
                    Interlocked.Increment(ref validations);
                    return Task.CompletedTask;
                },
                OnAuthenticationFailed = _ =>
                {
                    Interlocked.Increment(ref rejections);
                    return Task.CompletedTask;
                },
            }));
        var client = factory.CreateClient();
        async Task<HttpStatusCode> AskAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ viewer { role } }"}""", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        var officer = TestHost.Token(Role.Officer, ["350802"]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await AskAsync(officer));
        }

        Assert.Equal(1, validations);
        Assert.Equal(HttpStatusCode.OK, await AskAsync(TestHost.Token(Role.Viewer, ["350802"])));
        Assert.Equal(2, validations);

        // A bad token is never cached: each request is checked, and refused, again.
        var expired = Bad("expired");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await AskAsync(expired));
        }

        Assert.Equal(3, rejections);
        Assert.Equal(2, validations);
    }
}
