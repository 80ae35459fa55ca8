using GeoHub.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace GeoHub.Tests;

/// <summary>
/// How every test host is set up: its database, and a signing key of the test run's own (in the
/// temp folder, made on first use as `make run` makes its key), so tests mint tokens the server
/// accepts without touching the private cluster's key.
/// </summary>
public static class TestHost
{
    public static readonly string SigningKeyFile = Path.Combine(Path.GetTempPath(), "geohub-tests", SigningKey.FileName);

    private static readonly Lazy<RsaSecurityKey> Key = new(() => SigningKey.LoadOrCreate(SigningKeyFile));

    public static RsaSecurityKey SigningKeyOfTests => Key.Value;

    /// <summary>The key file, made when missing.</summary>
    public static string EnsureSigningKey()
    {
        _ = Key.Value;
        return SigningKeyFile;
    }

    public static IWebHostBuilder Configure(IWebHostBuilder host, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(host);
        _ = Key.Value;
        return host
            .UseSetting("ConnectionStrings:GeoHub", connectionString)
            .UseSetting("Auth:SigningKeyFile", SigningKeyFile)
            // Tests send hundreds of requests a second as one caller; the limiter's own tests turn it on.
            .UseSetting("GeoHub:Limits:RateLimiting", "false")
            .UseEnvironment("Testing");
    }

    public static string Token(Role role, string[]? areas = null, string? unit = null, string? subject = null, TimeSpan? lifetime = null) =>
        TokenMinter.Mint(Key.Value, new TokenClaims(role, areas ?? [], unit, subject ?? $"test-{role.ToString().ToLowerInvariant()}"), lifetime ?? TimeSpan.FromHours(1));
}
