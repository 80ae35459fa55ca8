namespace GeoHub.BattleMap;

/// <summary>
/// SQL pieces the battle map, its tiles and the venue gaps share, so that a compound's status
/// reads the same in every answer. Each expects the day as the <c>@day</c> parameter (a date).
/// Distances are metres on the WGS 84 spheroid (geography).
/// </summary>
internal static class BattleMapSql
{
    /// <summary>The GraphQL global id (<see cref="GraphQL.GlobalId"/>): base64url of "Type:id", no padding.</summary>
    public static string GlobalId(string typeName, string id) =>
        $"rtrim(translate(encode(convert_to('{typeName}:' || {id}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')";

    /// <summary>A venue is open on the day it opened and until the day it closes.</summary>
    public static string VenueOpen(string venue) =>
        $"{venue}.opened_on <= @day AND ({venue}.closed_on IS NULL OR {venue}.closed_on > @day)";

    /// <summary>
    /// LEFT JOIN LATERAL "nearest (venue_id, distance)": the open venue nearest to a geography,
    /// exactly on the spheroid, ties by id. The GiST KNN (&lt;-&gt;) orders on the sphere, which can
    /// differ from the spheroid by a few metres per kilometre, so its first venue only gives an
    /// upper bound; every venue within that bound (ST_DWithin, index-driven, a centimetre of slack)
    /// is then measured exactly and the least distance wins. The bound is its own lateral so that
    /// it reaches the inner index scan as a plain parameter. With <paramref name="only"/>, the
    /// search runs only for rows where that condition (on outer columns) holds.
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

    /// <summary>The coverage rule of <see cref="Compounds.CompoundCoverage.InForceOn"/>, on compound <paramref name="compoundId"/>.</summary>
    public static string CoveringOrganizations(string compoundId) => $"""
        organization_compounds l
        JOIN party_organizations o ON o.id = l.organization_id
        WHERE l.compound_id = {compoundId}
          AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
          AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day)
        """;

    /// <summary>Compounds whose community lies under the area with path <paramref name="path"/>.</summary>
    public static string CompoundsUnder(string path) =>
        $"c.community_id IN (SELECT d.id FROM areas d WHERE d.path = {path} OR d.path LIKE {path} || '/%')";

    /// <summary>
    /// Compounds matching <paramref name="where"/> (over alias c) with their status on the day as
    /// typed columns: id, boundary, global_id, name, households, coverage_status, organization,
    /// red_committee, agreements, venue_distance_meters. The compounds tile layer encodes these
    /// columns directly (ST_AsMVT spreads a jsonb column several times slower).
    /// </summary>
    public static string CompoundColumns(string where) => $"""
        SELECT c.id, c.boundary, {GlobalId("Compound", "c.id")} AS global_id, c.name, c.households,
            CASE WHEN org.formation IS NULL THEN 'NONE' WHEN org.formation = 'Joint' THEN 'JOINT' ELSE 'STANDALONE' END AS coverage_status,
            org.name AS organization,
            EXISTS (
                SELECT 1 FROM owners_committees oc JOIN committee_seats s ON s.committee_id = oc.id
                WHERE oc.compound_id = c.id AND oc.formed_under_party_lead
                  AND oc.formed_on <= @day AND (oc.dissolved_on IS NULL OR oc.dissolved_on > @day)
                  AND s.party_member_id IS NOT NULL
                  AND s."from" <= @day AND (s.until IS NULL OR s.until > @day)) AS red_committee,
            (SELECT count(*) FROM agreements ag
             WHERE ag.compound_id = c.id AND ag.signed_on <= @day AND (ag.ended_on IS NULL OR ag.ended_on > @day)) AS agreements,
            coalesce(known.distance, nearest.distance) AS venue_distance_meters
        FROM compounds c
        CROSS JOIN LATERAL (SELECT c.boundary::geography AS geography) g
        LEFT JOIN LATERAL (
            SELECT o.name, o.formation FROM {CoveringOrganizations("c.id")}
            ORDER BY o.id LIMIT 1
        ) org ON true
        {VenueReach.KnownNearestOpenVenue("c.id")}
        {NearestOpenVenue("g.geography", only: "known.venue_id IS NULL")}
        WHERE {where}
        """;

    /// <summary>
    /// The same compounds as (id, boundary, properties jsonb): the properties of a compound
    /// feature on the battle map, named as in the compounds tile layer.
    /// </summary>
    public static string CompoundFeatures(string where) => $"""
        SELECT r.id, r.boundary, jsonb_build_object(
            'layer', 'compound',
            'id', r.global_id,
            'name', r.name,
            'households', r.households,
            'coverageStatus', r.coverage_status,
            'organization', r.organization,
            'redCommittee', r.red_committee,
            'agreements', r.agreements,
            'venueDistanceMeters', r.venue_distance_meters) AS properties
        FROM ({CompoundColumns(where)}) r
        """;

    /// <summary>
    /// Areas matching <paramref name="where"/> (over alias a) as (id, code, boundary, properties jsonb),
    /// with the coverage of the compounds under each.
    /// </summary>
    public static string AreaFeatures(string where) => $"""
        SELECT a.id, a.code, a.boundary, jsonb_build_object(
            'layer', 'area',
            'code', a.code,
            'name', a.name,
            'level', upper(a.level),
            'compounds', n.compounds,
            'compoundsCovered', n.covered,
            'coverageRate', CASE WHEN n.compounds > 0 THEN n.covered::float8 / n.compounds END) AS properties
        FROM areas a
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS compounds,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {CoveringOrganizations("c.id")}))::int AS covered
            FROM compounds c
            WHERE {CompoundsUnder("a.path")}
        ) n
        WHERE {where}
        """;
}
