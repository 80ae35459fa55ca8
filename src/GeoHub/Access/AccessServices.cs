using System.Security.Claims;
using System.Text.Json;
using GeoHub.GraphQL;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GeoHub.Access;

/// <summary>Identity (bearer JWTs), the request's caller, and the audit log.</summary>
public static class AccessServices
{
    /// <summary>ASP.NET Core's switch that stops a single registered scheme from becoming the default.</summary>
    internal const string SuppressAutoDefaultScheme = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    public static IServiceCollection AddGeoHubAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        services.AddSingleton(settings);
        services.AddScoped<RequestAccess>();
        services.AddSingleton<AreaDirectory>();
        services.AddSingleton<CallerCache>();
        services.AddSingleton<AuditLog>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditLog>());
        services.Configure<CallerLimits>(configuration.GetSection(CallerLimits.Section));
        services.Configure<TrustedDocumentSettings>(configuration.GetSection(TrustedDocumentSettings.Section));
        services.TryAddSingleton<TrustedDocuments>();
        services.AddGeoHubRateLimits();
        // No default scheme, not even the one ASP.NET Core infers when a single scheme is
        // registered: it adds its authentication middleware by itself, and with a default that
        // middleware validated every request's token (an RSA signature check, a third of a small
        // query's CPU) before UseGeoHubAccess, whose CallerCache then had nothing to save — even
        // on a server with access control off. Tokens are read in one place, UseGeoHubAccess, by
        // the scheme's name.
        // The documented switch is process-wide; GeoHub registers no other scheme that would want it.
        AppContext.SetSwitch(SuppressAutoDefaultScheme, true);
        services.AddAuthentication().AddJwtBearer(options => Configure(options, settings));
        return services;
    }

    private static void Configure(JwtBearerOptions options, AuthSettings settings)
    {
        // Claims keep the names the token gives them ("role", "areas"), not WS-Federation URIs.
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        var keys = new List<SecurityKey>();
        if (settings.SigningKeyFile is { Length: > 0 } file)
        {
            keys.Add(LoadKey(file));
        }
        else if (!settings.UsesProvider)
        {
            keys.Add(SigningKey.LoadOrCreate(SigningKey.DefaultPath()));
        }

        if (!string.IsNullOrEmpty(settings.Authority))
        {
            options.Authority = settings.Authority;
        }
        else if (settings.JwksUrl is { Length: > 0 } jwks)
        {
            if (settings.Issuer is null)
            {
                throw new InvalidOperationException("Auth:JwksUrl needs Auth:Issuer: a key set does not say whose tokens it signs.");
            }

            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwks, new JwksRetriever(), new HttpDocumentRetriever { RequireHttps = settings.RequireHttpsMetadata });
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.ValidIssuer,
            ValidateIssuer = true,
            ValidAudience = settings.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys,
            // Asymmetric signatures only: never "none", and no HMAC a leaked public key could forge.
            ValidAlgorithms =
            [
                SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
                SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
            ],
            ClockSkew = TimeSpan.FromSeconds(settings.ClockSkewSeconds),
            NameClaimType = settings.SubjectClaim,
            RoleClaimType = settings.RoleClaim,
        };
    }

    /// <summary>A PEM key file: RSA, else EC.</summary>
    private static SecurityKey LoadKey(string file)
    {
        try
        {
            return SigningKey.Load(file);
        }
        catch (Exception exception) when (exception is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            var ec = System.Security.Cryptography.ECDsa.Create();
            ec.ImportFromPem(File.ReadAllText(file));
            return new ECDsaSecurityKey(ec);
        }
    }

    /// <summary>
    /// Every request passes here first: no Authorization header is the anonymous caller; a bearer
    /// token that does not validate, or any other Authorization, is 401 UNAUTHENTICATED (never
    /// the anonymous). The caller is then set for the request's resolvers and contexts, and what
    /// the request gathered for the audit log is handed over when it ends.
    /// </summary>
    public static WebApplication UseGeoHubAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (http, next) =>
        {
            var access = http.RequestServices.GetRequiredService<RequestAccess>();
            try
            {
                var (caller, failure) = await AuthenticateAsync(http);
                if (caller is null)
                {
                    access.Refused(http.Request.Path, null, null, ErrorCodes.Unauthenticated);
                    http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await WriteRefusalAsync(http, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, failure ?? "The bearer token is not valid.", http.RequestAborted);
                    return;
                }

                access.Caller = caller;
                await next(http);
            }
            finally
            {
                await access.FlushAsync(CancellationToken.None);
            }
        });
        // After the caller is known: the limiter's buckets are per caller (RateLimits).
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// The caller of an Authorization value given outside the request's headers (a WebSocket's
    /// connection_init): checked by the same handler, cache and rules as a header.
    /// </summary>
    public static async Task<(Caller? Caller, string? Failure)> AuthenticateAsync(HttpContext http, string authorization)
    {
        ArgumentNullException.ThrowIfNull(http);
        // A scope of its own: the request's scope keeps the bearer handler it made for the
        // request's own headers, and would answer from those.
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Headers.Authorization = authorization;
        return await AuthenticateAsync(probe);
    }

    private static async Task<(Caller? Caller, string? Failure)> AuthenticateAsync(HttpContext http)
    {
        if (!http.Request.Headers.ContainsKey("Authorization"))
        {
            return (Caller.Anonymous, null);
        }

        // A token seen before is its caller again, until it expires: checking the signature and
        // claims of every request cost a tenth of a small query's throughput. The key is the whole
        // token, signature included, so a changed token is checked afresh.
        var callers = http.RequestServices.GetRequiredService<CallerCache>();
        var header = http.Request.Headers.Authorization.ToString();
        if (callers.Find(header) is { } known)
        {
            return (known, null);
        }

        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            return (null, result.Failure is null ? "Authorization must be a bearer token." : "The bearer token is not valid: " + Reason(result.Failure));
        }

        http.User = result.Principal;
        var settings = http.RequestServices.GetRequiredService<AuthSettings>();
        var (caller, failure) = await CallerAsync(result.Principal, settings, http.RequestServices.GetRequiredService<AreaDirectory>(), http.RequestAborted);
        if (caller is not null && result.Principal.FindFirst("exp")?.Value is { } exp
            && long.TryParse(exp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            callers.Add(header, caller, DateTimeOffset.FromUnixTimeSeconds(seconds));
        }

        return (caller, failure);
    }

    /// <summary>The caller a validated token describes; a role or unit GeoHub does not know is a bad token.</summary>
    internal static async Task<(Caller? Caller, string? Failure)> CallerAsync(ClaimsPrincipal principal, AuthSettings settings, AreaDirectory areas, CancellationToken cancellationToken)
    {
        var roleText = principal.FindFirst(settings.RoleClaim)?.Value;
        var role = Role.Public;
        if (roleText is not null && !TryParseRole(roleText, out role))
        {
            return (null, $"The token's role '{roleText}' is not one of PUBLIC, VIEWER, UNIT, OFFICER, ADMIN.");
        }

        int? unitId = null;
        if (principal.FindFirst(settings.UnitClaim)?.Value is { } unit)
        {
            if (ParseUnit(unit) is not { } parsed)
            {
                return (null, $"The token's unit '{unit}' is not the id of a CoBuildingUnit.");
            }

            unitId = parsed;
        }

        // An array claim arrives as one claim per element; a provider that sends one string may
        // separate the codes with spaces or commas.
        var codes = principal.FindAll(settings.AreasClaim)
            .SelectMany(c => c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        var grants = codes.Count == 0 ? [] : await areas.FindAsync(codes, cancellationToken);
        return (new Caller(role, grants, unitId, principal.FindFirst(settings.SubjectClaim)?.Value), null);
    }

    /// <summary>A role by its name, any case; numbers are no role names.</summary>
    public static bool TryParseRole(string text, out Role role)
    {
        var name = Enum.GetNames<Role>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        role = name is null ? Role.Public : Enum.Parse<Role>(name);
        return name is not null;
    }

    /// <summary>A unit's global id as GraphQL serves it, or its number.</summary>
    internal static int? ParseUnit(string unit) =>
        GlobalId.TryDecode(unit, out var type, out var id) && type == "CoBuildingUnit" ? id
        : int.TryParse(unit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0 ? number
        : null;

    private static string Reason(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "it has expired.",
        SecurityTokenNotYetValidException => "it is not valid yet.",
        SecurityTokenInvalidAudienceException => "it is for another audience.",
        SecurityTokenInvalidIssuerException => "it is from another issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not verify.",
        SecurityTokenInvalidAlgorithmException => "it is not signed with an accepted algorithm.",
        _ => "it is malformed.",
    };

    /// <summary>
    /// A refusal before any GraphQL runs (401, 429): a GraphQL error under the negotiated media
    /// type on /graphql, and the { code, message } of the map endpoints elsewhere.
    /// </summary>
    internal static async Task WriteRefusalAsync(HttpContext http, int status, string code, string message, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        object body;
        if (http.Request.Path.StartsWithSegments("/graphql"))
        {
            var mediaType = GraphQLHttpEndpoint.ChooseMediaType(http.Request.Headers.Accept) ?? GraphQLHttpEndpoint.Json;
            http.Response.ContentType = mediaType + "; charset=utf-8";
            body = new { errors = new[] { new { message, extensions = new { code } } } };
        }
        else
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            body = new { code, message };
        }

        await JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: cancellationToken);
    }

    /// <summary>Signing keys from a JSON Web Key Set, for providers without a discovery document.</summary>
    private sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var set = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration();
            foreach (var key in set.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
