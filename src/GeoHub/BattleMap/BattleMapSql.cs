using GeoHub.Common;
using GeoHub.Compounds;

namespace GeoHub.BattleMap;

/// <summary>
/// SQL pieces the battle map and its tiles share, so that a compound's status reads the same in
/// every answer. Each expects the day as the <c>@day</c> parameter (a date). Distances are metres
/// on the WGS 84 spheroid (geography).
/// </summary>
internal static class BattleMapSql
{
    /// <summary>The GraphQL global id (<see cref="GraphQL.GlobalId"/>): base64url of "Type:id", no padding.</summary>
    public static string GlobalId(string typeName, string id) =>
        $"rtrim(translate(encode(convert_to('{typeName}:' || {id}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')";

    /// <summary>
    /// Compounds matching <paramref name="where"/> (over alias c) with their status on the day as
    /// typed columns: id, boundary, global_id, name, households, coverage_status, organization,
    /// red_committee, agreements, venue_distance_meters. The compounds tile layer encodes these
    /// columns directly (ST_AsMVT spreads a jsonb column several times slower).
    /// </summary>
    public static string CompoundColumns(string where) => $"""
        SELECT c.id, c.boundary, {GlobalId("Compound", "c.id")} AS global_id, c.name, c.households,
            {StatusOf("org.formation")} AS coverage_status,
            org.name AS organization,
            EXISTS (
                SELECT 1 FROM owners_committees oc JOIN committee_seats s ON s.committee_id = oc.id
                WHERE oc.compound_id = c.id AND oc.formed_under_party_lead
                  AND {ActiveOn.Sql("oc.formed_on", "oc.dissolved_on")}
                  AND s.party_member_id IS NOT NULL
                  AND {ActiveOn.Sql("s.\"from\"", "s.until")}) AS red_committee,
            (SELECT count(*) FROM agreements ag
             WHERE ag.compound_id = c.id AND {ActiveOn.Sql("ag.signed_on", "ag.ended_on")}) AS agreements,
            coalesce(known.distance, nearest.distance) AS venue_distance_meters
        FROM compounds c
        CROSS JOIN LATERAL (SELECT c.boundary::geography AS geography) g
        LEFT JOIN LATERAL (
            SELECT o.name, o.formation FROM {CompoundCoverage.CoveringOrganizationsSql("c.id")}
            ORDER BY o.id LIMIT 1
        ) org ON true
        {VenueReach.KnownNearestOpenVenue("c.id")}
        {NearestVenues.NearestOpenVenue("g.geography", only: "known.venue_id IS NULL")}
        WHERE {where}
        """;

    /// <summary>The coverage status of a covering organisation's formation (null: no organisation).</summary>
    private static string StatusOf(string formation) =>
        $"CASE WHEN {formation} IS NULL THEN 'NONE' WHEN {formation} = 'Joint' THEN 'JOINT' ELSE 'STANDALONE' END";

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
    /// with the coverage of the compounds under each on @day, read from the dated ledger
    /// (Coverage/CoverageLedger): counting the compounds under each area from the rows made an
    /// area's feature cost its compounds (the ×100 map's z10 areas tile, 89 streets over 65,000
    /// compounds, 320 ms of SQL), and the ledger's figures are the ones `coverage` answers for the
    /// same area and day, tested against the rows.
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
            SELECT coalesce(sum(s.compounds), 0)::int AS compounds, coalesce(sum(s.compounds_covered), 0)::int AS covered
            FROM coverage_steps s
            WHERE s.area_id = a.id AND s.day <= @day
        ) n
        WHERE {where}
        """;
}
