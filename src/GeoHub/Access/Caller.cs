using GeoHub.Areas;

namespace GeoHub.Access;

/// <summary>An area a role holds: its code as the token names it, and its path (see <see cref="Areas.Area.Path"/>).</summary>
public sealed record AreaGrant(string Code, string Path);

/// <summary>
/// Who is asking, as the server takes it from the bearer token: built once per request and read by
/// every rule. A role holds in its areas and everything under them; outside them it is PUBLIC.
/// </summary>
public sealed class Caller
{
    public Caller(Role role, IReadOnlyList<AreaGrant> areas, int? unitId, string? subject)
    {
        ArgumentNullException.ThrowIfNull(areas);
        Role = role;
        Areas = areas;
        UnitId = unitId;
        Subject = subject;
        // "Under an area" as LIKE patterns, so that SQL asks `path LIKE ANY (patterns)` with one
        // array parameter for all the caller's areas.
        AreaPatterns = [.. areas.SelectMany(a => UnderArea.LikePatterns(a.Path))];
    }

    public static Caller Anonymous { get; } = new(Role.Public, [], null, null);

    /// <summary>GeoHub itself (command-line tools, tests of the data): every item, everywhere.</summary>
    public static Caller System { get; } = new(Role.Admin, [], null, "geohub");

    public Role Role { get; }

    public IReadOnlyList<AreaGrant> Areas { get; }

    /// <summary>The co-building unit a UNIT caller acts for (its database id).</summary>
    public int? UnitId { get; }

    /// <summary>The token's subject; null for the anonymous.</summary>
    public string? Subject { get; }

    /// <summary>LIKE patterns matching the paths of the caller's areas and of everything under them.</summary>
    public string[] AreaPatterns { get; }

    public IEnumerable<string> AreaCodes => Areas.Select(a => a.Code);

    /// <summary>Whether a path is one of the caller's areas or under one (the C# form of <see cref="AreaPatterns"/>).</summary>
    public bool Holds(string path) =>
        Areas.Any(a => UnderArea.Holds(path, a.Path));
}
