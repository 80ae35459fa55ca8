namespace GeoHub.Common;

/// <summary>
/// The nearest open venue of a place, as the battle map, its tiles and the venue gaps read it, so
/// that a compound's distance to a venue is the same in every answer. Each piece expects the day
/// as the <c>@day</c> parameter (a date). Distances are metres on the WGS 84 spheroid (geography).
/// </summary>
public static class NearestVenues
{
    /// <summary>A venue is open from the day it opened until the day before it closes.</summary>
    public static string VenueOpen(string venue) => ActiveOn.Sql($"{venue}.opened_on", $"{venue}.closed_on");

    /// <summary>
    /// LEFT JOIN LATERAL "nearest (venue_id, distance)": the open venue nearest to a geography,
    /// exactly on the spheroid, ties by id. The GiST KNN (&lt;-&gt;) orders on the sphere, which can
    /// differ from the spheroid by a few metres per kilometre, so its first venue only gives an
    /// upper bound; every venue within that bound (ST_DWithin, index-driven, a centimetre of slack)
    /// is then measured exactly and the least distance wins. The bound is its own lateral so that
    /// it reaches the inner index scan as a plain parameter. <paramref name="counts"/> says which
    /// venues count (default: open on the day); with <paramref name="only"/>, the search runs only
    /// for rows where that condition (on outer columns) holds.
    /// </summary>
    public static string NearestOpenVenue(string geography, Func<string, string>? counts = null, string only = "true")
    {
        counts ??= VenueOpen;
        return $"""
        LEFT JOIN LATERAL (
            SELECT ST_Distance(k.location, {geography}) + 0.01 AS radius
            FROM venues k
            WHERE {only} AND {counts("k")}
            ORDER BY k.location <-> {geography}
            LIMIT 1
        ) nearest_bound ON true
        LEFT JOIN LATERAL (
            SELECT v.id AS venue_id, ST_Distance(v.location, {geography}) AS distance
            FROM venues v
            WHERE {only} AND {counts("v")} AND ST_DWithin(v.location, {geography}, nearest_bound.radius)
            ORDER BY distance, v.id
            LIMIT 1
        ) nearest ON true
        """;
    }
}
