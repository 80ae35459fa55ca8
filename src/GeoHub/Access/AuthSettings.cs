namespace GeoHub.Access;

/// <summary>
/// The "Auth" configuration section (appsettings, or environment variables such as
/// Auth__Authority). Without Authority or JwksUrl, tokens are checked against the local signing
/// key (<see cref="SigningKey"/>) that `geohub token` signs with.
/// </summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// <summary>The identity provider's issuer (OpenID Connect discovery at {Authority}/.well-known/openid-configuration).</summary>
    public string? Authority { get; set; }

    /// <summary>A JSON Web Key Set to take the provider's signing keys from, when it has no discovery document.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The issuer tokens must name (default: Authority, else "geohub").</summary>
    public string? Issuer { get; set; }

    public string Audience { get; set; } = "geohub";

    /// <summary>A PEM key (RSA or EC, private or public) to check tokens with; the local key by default.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Metadata and key sets only over HTTPS, except when a test serves its own.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>Claim names, for providers that name them otherwise (e.g. "roles", "groups").</summary>
    public string RoleClaim { get; set; } = "role";

    public string AreasClaim { get; set; } = "areas";

    public string UnitClaim { get; set; } = "unit";

    public string SubjectClaim { get; set; } = "sub";

    public const string LocalIssuer = "geohub";

    public bool UsesProvider => !string.IsNullOrEmpty(Authority) || !string.IsNullOrEmpty(JwksUrl);

    /// <summary>Null with Authority: the issuer its discovery document names.</summary>
    public string? ValidIssuer => Issuer ?? (UsesProvider ? null : LocalIssuer);
}
