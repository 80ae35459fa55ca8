using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.GraphQL;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.Tokens;

namespace GeoHub.Tests.Access;

/// <summary>
/// An identity provider without a discovery document: a locally generated RSA key stands in for
/// the provider's, its public half served as a JSON Web Key Set by a listener of the test's own.
/// GeoHub configured with the set's address, issuer and audience takes the provider's tokens,
/// and only those.
/// </summary>
[Collection(AccessDatabase.Name)]
public sealed class JwksTests(AccessFixture fixture) : IAsyncLifetime, IDisposable
{
    private const string Issuer = "https://idp.example.test/realms/longyan";
    private const string Audience = "geohub-longyan";

    private readonly RSA providerKey = RSA.Create(2048);
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private Task serving = Task.CompletedTask;
    private int keySetRequests;
    private WebApplicationFactory<Program> factory = null!;

    private RsaSecurityKey SigningKey => new(providerKey) { KeyId = "provider-key-1" };

    public Task InitializeAsync()
    {
        var publicKey = new RsaSecurityKey(providerKey.ExportParameters(includePrivateParameters: false)) { KeyId = "provider-key-1" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(publicKey);
        var keySet = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } } });
        listener.Start();
        serving = ServeAsync(keySet, stop.Token);
        var address = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/keys.json";
        factory = DatabaseFixture.CreateFactory(fixture.ConnectionString).WithWebHostBuilder(host => host
            .UseSetting("Auth:SigningKeyFile", "")
            .UseSetting("Auth:JwksUrl", address)
            .UseSetting("Auth:Issuer", Issuer)
            .UseSetting("Auth:Audience", Audience)
            .UseSetting("Auth:RequireHttpsMetadata", "false"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await stop.CancelAsync();
        listener.Stop();
        await serving;
    }

    public void Dispose()
    {
        listener.Dispose();
        stop.Dispose();
        providerKey.Dispose();
    }

    [Fact]
    public async Task A_token_of_the_providers_key_issuer_and_audience_is_its_caller()
    {
        var token = TokenMinter.Mint(SigningKey, new TokenClaims(Role.Officer, ["350802"], null, "provider-officer"), TimeSpan.FromMinutes(10), Issuer, Audience);
        var viewer = (await Client(token).QueryAsync("{ viewer { role areaCodes subject } }")).GetProperty("viewer");
        Assert.Equal("OFFICER", viewer.GetProperty("role").GetString());
        Assert.Equal(["350802"], viewer.GetProperty("areaCodes").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal("provider-officer", viewer.GetProperty("subject").GetString());
        Assert.True(Volatile.Read(ref keySetRequests) >= 1, "the key set was never fetched");
    }

    public static TheoryData<string> Refused() => ["another audience", "another issuer", "the local key", "another key"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Any_other_token_is_401(string kind)
    {
        using var otherKey = RSA.Create(2048);
        var claims = new TokenClaims(Role.Admin, [], null, "intruder");
        var token = kind switch
        {
            "another audience" => TokenMinter.Mint(SigningKey, claims, TimeSpan.FromMinutes(10), Issuer, "geohub"),
            "another issuer" => TokenMinter.Mint(SigningKey, claims, TimeSpan.FromMinutes(10), "https://elsewhere.example.test", Audience),
            // `geohub token`'s key is not trusted once a provider is configured.
            "the local key" => TokenMinter.Mint(TestHost.SigningKeyOfTests, claims, TimeSpan.FromMinutes(10), Issuer, Audience),
            _ => TokenMinter.Mint(new RsaSecurityKey(otherKey) { KeyId = "provider-key-1" }, claims, TimeSpan.FromMinutes(10), Issuer, Audience),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent("""{"query":"{ viewer { role } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([ErrorCodes.Unauthenticated], answer.RootElement.ErrorCodes());
    }

    private HttpClient Client(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Answers every request with the key set: a provider's JWKS endpoint, as small as HTTP allows.</summary>
    private async Task ServeAsync(string keySet, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(keySet);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = connection.GetStream();
                var buffer = new byte[4096];
                var request = new StringBuilder();
                int read;
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                Interlocked.Increment(ref keySetRequests);
                await stream.WriteAsync(head, cancellationToken);
                await stream.WriteAsync(body, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A client that went away, or the test ending (the loop's condition then stops it).
            }
        }
    }
}
