using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeoHub.Access;

/// <summary>What a token says about its bearer.</summary>
public sealed record TokenClaims(Role Role, IReadOnlyList<string> AreaCodes, string? UnitId, string Subject);

/// <summary>Signs tokens as `geohub token` prints them, with the local signing key (RS256).</summary>
public static class TokenMinter
{
    public static string Mint(SecurityKey key, TokenClaims claims, TimeSpan lifetime, string issuer = AuthSettings.LocalIssuer, string audience = "geohub", DateTime? now = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var issuedAt = now ?? DateTime.UtcNow;
        var payload = new Dictionary<string, object>
        {
            ["sub"] = claims.Subject,
            ["role"] = AuditLog.Name(claims.Role),
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        };
        if (claims.AreaCodes.Count > 0)
        {
            payload["areas"] = claims.AreaCodes.ToArray();
        }

        if (claims.UnitId is not null)
        {
            payload["unit"] = claims.UnitId;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Claims = payload,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
