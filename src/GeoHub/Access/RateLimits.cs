using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using GeoHub.GraphQL;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GeoHub.Access;

/// <summary>
/// A rate limit per caller (ASP.NET Core's rate limiter): a token bucket for each subject of a
/// token, and for each client address of the anonymous, sized by the caller's role
/// (<see cref="CallerLimits"/>). GraphQL and the GeoJSON maps share one bucket; tiles, which a
/// map view fetches by the dozen, have their own, <see cref="CallerLimits.TilesPerRequest"/>
/// times larger. Past it: HTTP 429 with Retry-After and RATE_LIMITED.
/// <para>
/// The buckets live in this process: each instance of GeoHub limits what it serves, so behind a
/// load balancer a deployment divides the rates by the number of instances (README.md).
/// </para>
/// </summary>
public static class RateLimits
{
    internal static IServiceCollection AddGeoHubRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<RateLimitAudit>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<CallerLimits>>((options, limits) =>
        {
            var settings = limits.Value;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, settings));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The bucket a request draws from; requests of no limited surface draw from none.</summary>
    private static RateLimitPartition<string> Partition(HttpContext http, CallerLimits settings)
    {
        var surface = SurfaceOf(http.Request.Path);
        if (!settings.RateLimiting || surface is null)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var caller = http.RequestServices.GetRequiredService<RequestAccess>().Caller;
        var role = settings.For(caller.Role);
        if (role.RequestsPerSecond <= 0)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var scale = surface == "tiles" ? Math.Max(1, settings.TilesPerRequest) : 1;
        var rate = role.RequestsPerSecond * scale;
        // A token at a time where the rate allows (an even flow; Retry-After then says when the
        // next one comes), else a batch every tenth of a second, the partitioned limiter's beat.
        var (tokens, period) = rate < 10 ? (1, TimeSpan.FromSeconds(1 / rate)) : ((int)Math.Round(rate / 10), TimeSpan.FromMilliseconds(100));
        return RateLimitPartition.GetTokenBucketLimiter(surface + " " + KeyOf(http, caller), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, role.Burst) * scale,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            // Refused at once, not queued: a queued request holds its connection and memory.
            QueueLimit = 0,
            // The partitioned limiter's own timer tops up every bucket; one timer per caller would cost more.
            AutoReplenishment = false,
        });
    }

    private static string? SurfaceOf(PathString path) =>
        path.StartsWithSegments("/graphql") || path.StartsWithSegments("/maps") ? "api"
        : path.StartsWithSegments("/tiles") ? "tiles"
        : null;

    /// <summary>
    /// A token's subject (with its role: one subject may hold tokens of two roles), else the
    /// client's address. Behind a reverse proxy the address is the proxy's unless forwarded
    /// headers are enabled (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true).
    /// </summary>
    private static string KeyOf(HttpContext http, Caller caller) =>
        caller.Subject is { } subject
            ? $"{caller.Role}:{subject}"
            : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // Every refusal is counted (geohub_refusals by code), though not every one is audited.
        Telemetry.GeoHubMetrics.Refusal(ErrorCodes.RateLimited);
        var access = http.RequestServices.GetRequiredService<RequestAccess>();
        if (http.RequestServices.GetRequiredService<RateLimitAudit>().ShouldRecord(SurfaceOf(http.Request.Path) + " " + KeyOf(http, access.Caller)))
        {
            access.Refused(http.Request.Path, null, null, ErrorCodes.RateLimited);
        }

        await AccessServices.WriteRefusalAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"Too many requests; try again in {seconds} s.", cancellationToken);
    }
}

/// <summary>
/// The audit log holds the first refusal of each caller in each minute, not every one: a flood
/// of refused requests would otherwise become a flood of audit lines, the database doing the
/// flooder's work. Per instance, like the buckets.
/// </summary>
internal sealed class RateLimitAudit
{
    private const int MaxCallers = 100_000;
    private readonly ConcurrentDictionary<string, long> lastMinute = new(StringComparer.Ordinal);

    public bool ShouldRecord(string key)
    {
        var minute = Environment.TickCount64 / 60_000;
        if (lastMinute.TryGetValue(key, out var last) && last == minute)
        {
            return false;
        }

        if (lastMinute.Count >= MaxCallers)
        {
            // Many distinct callers refused: forgetting them costs at most one more line each.
            lastMinute.Clear();
        }

        lastMinute[key] = minute;
        return true;
    }
}
