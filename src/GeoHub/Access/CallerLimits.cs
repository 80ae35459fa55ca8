using System.Globalization;
using GeoHub.GraphQL;
using Npgsql;

namespace GeoHub.Access;

/// <summary>
/// What one role may spend. A cost or time budget left unset is the one of every role
/// (<see cref="DocumentLimits.MaxComplexity"/>, <see cref="DocumentLimits.RequestBudget"/>).
/// </summary>
public sealed class RoleLimits
{
    /// <summary>The most an operation of this role may cost (COMPLEXITY beyond it).</summary>
    public double? MaxComplexity { get; set; }

    /// <summary>How long a request of this role may run, its database work included (TIMEOUT).</summary>
    public TimeSpan? RequestBudget { get; set; }

    /// <summary>Requests a caller of this role may make each second, on average (RATE_LIMITED beyond it); 0.5 is one every two seconds, 0 no limit.</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>Requests a caller may make at once before the average holds (a page sends several together).</summary>
    public int Burst { get; set; }
}

/// <summary>
/// The limits of each role, under <c>GeoHub:Limits:{Public,Viewer,Unit,Officer,Admin}</c> beside
/// the document limits of every role (<see cref="DocumentLimits"/>). PUBLIC gets the smallest:
/// whoever it is costs nothing to become again, so its budget bounds what one request from
/// anywhere may cost.
/// </summary>
public sealed class CallerLimits
{
    public const string Section = DocumentLimits.Section;

    // The page's dearest operation is its venue-gap layer for the whole city (53,500: 500 gaps
    // with their candidate rooms); its city progress chart 2,000 and one a point, a city battle map 10,000.
    // PUBLIC may ask for any of those, and for six city maps at once, not for seven. The other
    // roles have every role's budget (DocumentLimits.MaxComplexity, 150,000).
    public RoleLimits Public { get; set; } = new() { MaxComplexity = 60_000, RequestsPerSecond = 10, Burst = 60 };

    public RoleLimits Viewer { get; set; } = new() { RequestsPerSecond = 30, Burst = 150 };

    public RoleLimits Unit { get; set; } = new() { RequestsPerSecond = 30, Burst = 150 };

    public RoleLimits Officer { get; set; } = new() { RequestsPerSecond = 30, Burst = 150 };

    public RoleLimits Admin { get; set; } = new() { RequestsPerSecond = 50, Burst = 250 };

    /// <summary>Off turns the rate limiter off (the benchmarks, which measure the server and not its limiter); budgets stay.</summary>
    public bool RateLimiting { get; set; } = true;

    /// <summary>
    /// Tiles a caller may fetch for each request its role may make: a map view is some twenty
    /// tiles, a pan as many again, and the tile cache answers most of them.
    /// </summary>
    public int TilesPerRequest { get; set; } = 10;

    public RoleLimits For(Role role) => role switch
    {
        Role.Viewer => Viewer,
        Role.Unit => Unit,
        Role.Officer => Officer,
        Role.Admin => Admin,
        _ => Public,
    };

    public double MaxComplexity(Role role, DocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return For(role).MaxComplexity ?? limits.MaxComplexity;
    }

    public TimeSpan RequestBudget(Role role, DocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return For(role).RequestBudget ?? limits.RequestBudget;
    }

    /// <summary>
    /// The longest budget of any role: the server's connections carry it as their
    /// statement_timeout, so that no statement outlives any request, even one whose cancellation
    /// never reached the database (a lost cancel request, a process killed mid-request).
    /// </summary>
    public TimeSpan LongestBudget(DocumentLimits limits) =>
        Enum.GetValues<Role>().Select(role => RequestBudget(role, limits)).Max();

    /// <summary>
    /// Sets the server's connections' statement_timeout (a startup option: no statement, no round
    /// trip) to the longest request budget and a second: the request's own cancellation comes
    /// first and answers TIMEOUT; this is what stops a statement whose cancel never arrived.
    /// </summary>
    public static Action<NpgsqlDataSourceBuilder> StatementTimeout(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var longest = (section.Get<CallerLimits>() ?? new CallerLimits()).LongestBudget(section.Get<DocumentLimits>() ?? new DocumentLimits());
        var milliseconds = (long)(longest + TimeSpan.FromSeconds(1)).TotalMilliseconds;
        return data =>
        {
            var options = data.ConnectionStringBuilder.Options;
            data.ConnectionStringBuilder.Options = $"{options} -c statement_timeout={milliseconds.ToString(CultureInfo.InvariantCulture)}".Trim();
        };
    }
}
