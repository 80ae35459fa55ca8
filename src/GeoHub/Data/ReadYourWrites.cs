using System.Text.RegularExpressions;

namespace GeoHub.Data;

/// <summary>
/// A caller reads its own writes although reads go to a standby: the answer to a write carries
/// the primary's WAL position (header and cookie <c>GeoHub-Read-After</c>); a read that brings it
/// back goes to the primary until the standby has replayed that far. The position travels with
/// the caller, not in this process, so any instance honours it.
/// </summary>
public static partial class ReadYourWrites
{
    public const string Header = "GeoHub-Read-After";

    private const string Cookie = "geohub-read-after";

    /// <summary>Longer than any replication lag worth waiting out; the cookie ends by itself.</summary>
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Sends the request to the primary when it brings a position the standby has not replayed.</summary>
    public static async Task RouteAsync(HttpContext http, DatabaseRoutes routes, RequestRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(route);
        if (route.ToPrimary || !routes.HasStandbys)
        {
            return;
        }

        var position = http.Request.Headers[Header].FirstOrDefault() ?? http.Request.Cookies[Cookie];
        if (position is null || !Lsn().IsMatch(position))
        {
            return;
        }

        try
        {
            route.ToPrimary = !await routes.ReadsHaveReplayedAsync(position, cancellationToken);
        }
        catch (Exception exception) when (DatabaseFaults.IsTransient(exception))
        {
            // The standby does not answer: the primary has every write.
            route.ToPrimary = true;
        }
    }

    /// <summary>After a write: tells the caller where the primary stood once it had committed.</summary>
    public static async Task MarkAsync(HttpContext http, DatabaseRoutes routes, RequestRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(route);
        if (!route.Wrote || !routes.HasStandbys || http.Response.HasStarted)
        {
            return;
        }

        try
        {
            var position = await routes.PrimaryPositionAsync(cancellationToken);
            http.Response.Headers[Header] = position;
            http.Response.Cookies.Append(Cookie, position, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                MaxAge = CookieLifetime,
                Path = "/",
            });
        }
        catch (Exception exception) when (DatabaseFaults.IsTransient(exception))
        {
            // The primary went away after the write: the caller's next reads cannot be routed by
            // position, and fall back to the standby's view.
        }
    }

    /// <summary>
    /// A header, when sent, must be one position as a write's answer gave it: a client that sends
    /// something else believes it reads its writes and would not, so it is told (400) rather than
    /// ignored. (A stale or foreign cookie is only ignored: the browser sends it, not the client.)
    /// </summary>
    public static bool IsWellFormed(Microsoft.Extensions.Primitives.StringValues header) =>
        header.Count == 0 || (header.Count == 1 && header[0] is { } value && Lsn().IsMatch(value));

    [GeneratedRegex("^[0-9A-F]{1,8}/[0-9A-F]{1,8}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Lsn();
}
