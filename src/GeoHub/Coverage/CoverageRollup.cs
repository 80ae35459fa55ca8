using GeoHub.Areas;
using GeoHub.Common;
using Npgsql;

namespace GeoHub.Coverage;

/// <summary>
/// The coverage rollup (the seed's table) counted from the rows, for many areas in one statement:
/// the reference the dated ledger (<see cref="CoverageLedger"/>, which the API reads) is tested
/// and checked against. Each figure is an aggregate grouped by target area;
/// a row inside two targets (a city and its district) is counted in both.
/// </summary>
public static class CoverageRollup
{
    // "Active at @as_of" is ActiveOn, the rule of every dated noun: started on or before the date
    // and not yet ended on it (an end date is the first day something no longer holds). Seats count only on
    // committees that are themselves active, and roles only in organisations that are, so data
    // left open after a dissolution does not keep a cadre "serving".
    // The *_pairs and *_ids CTEs are made unique on their join keys, so the aggregates below can
    // LEFT JOIN them without multiplying rows, and the planner can hash them.
    private static readonly string Sql = $"""
        WITH target AS (
            SELECT a.id, a.path FROM areas a WHERE a.id = ANY(@area_ids)
        ),
        scope AS (
            SELECT t.id AS area_id, d.id AS inner_id, d.level
            FROM target t JOIN areas d ON {UnderArea.Sql("d.path", "t.path")}
        ),
        scoped_compounds AS (
            SELECT s.area_id, c.id AS compound_id
            FROM scope s JOIN compounds c ON c.community_id = s.inner_id
        ),
        active_organizations AS (
            SELECT o.id, o.community_id, o.formation, o.startup_funding_yuan
            FROM party_organizations o
            WHERE {Active("o.formed_on", "o.dissolved_on")}
        ),
        covering_pairs AS (
            SELECT DISTINCT oc.organization_id, oc.compound_id
            FROM organization_compounds oc JOIN active_organizations o ON o.id = oc.organization_id
            WHERE {Active("oc.covered_from", "oc.covered_until")}
        ),
        covered_compound_ids AS (
            SELECT DISTINCT compound_id FROM covering_pairs
        ),
        active_roles AS (
            SELECT r.member_id, r.kind, r.organization_id
            FROM party_roles r JOIN active_organizations o ON o.id = r.organization_id
            WHERE {Active("r.\"from\"", "r.until")}
        ),
        active_committees AS (
            SELECT c.id, c.compound_id, c.formed_under_party_lead
            FROM owners_committees c
            WHERE {Active("c.formed_on", "c.dissolved_on")}
        ),
        active_seats AS (
            SELECT s.committee_id, c.compound_id, s.role, s.party_member_id
            FROM committee_seats s JOIN active_committees c ON c.id = s.committee_id
            WHERE {Active("s.\"from\"", "s.until")}
        ),
        seated_committee_ids AS (
            SELECT DISTINCT committee_id FROM active_seats WHERE party_member_id IS NOT NULL
        ),
        serving_member_ids AS (
            SELECT member_id FROM active_roles
            UNION
            SELECT party_member_id FROM active_seats WHERE party_member_id IS NOT NULL
        ),
        -- Members on the party side of a compound: a leading role in an organisation covering it.
        leading_pairs AS (
            SELECT r.member_id, cp.compound_id, bool_or(r.kind = 'Secretary') AS secretary
            FROM active_roles r JOIN covering_pairs cp ON cp.organization_id = r.organization_id
            WHERE r.kind IN ('Secretary', 'FirstSecretary', 'DeputySecretary', 'CommitteeMember')
            GROUP BY r.member_id, cp.compound_id
        ),
        area_figures AS (
            SELECT area_id, count(*) FILTER (WHERE level = 'Community') AS communities
            FROM scope GROUP BY area_id
        ),
        compound_figures AS (
            SELECT sc.area_id, count(*) AS compounds, count(cc.compound_id) AS covered
            FROM scoped_compounds sc LEFT JOIN covered_compound_ids cc ON cc.compound_id = sc.compound_id
            GROUP BY sc.area_id
        ),
        organization_figures AS (
            SELECT s.area_id,
                   count(*) AS total,
                   count(*) FILTER (WHERE o.formation = 'Standalone') AS standalone,
                   count(*) FILTER (WHERE o.formation = 'Joint') AS joint,
                   sum(o.startup_funding_yuan) AS funding
            FROM scope s JOIN active_organizations o ON o.community_id = s.inner_id
            GROUP BY s.area_id
        ),
        member_figures AS (
            SELECT sc.area_id,
                   count(*) FILTER (WHERE m.category = 'InService' AND {ActiveOn.Started("m.reported_on", "@as_of")}) AS in_service_reported,
                   count(sm.member_id) FILTER (WHERE m.cadre_rank = 'Department') AS department,
                   count(sm.member_id) FILTER (WHERE m.cadre_rank = 'Division') AS division,
                   count(sm.member_id) FILTER (WHERE m.cadre_rank = 'Section') AS section
            FROM scoped_compounds sc
            JOIN party_members m ON m.compound_id = sc.compound_id
                AND {ActiveOn.Sql(ActiveOn.OpenStart("m.registered_on"), "m.left_on", "@as_of")}
            LEFT JOIN serving_member_ids sm ON sm.member_id = m.id
            GROUP BY sc.area_id
        ),
        committee_figures AS (
            SELECT sc.area_id, count(*) FILTER (WHERE c.formed_under_party_lead AND sci.committee_id IS NOT NULL) AS red
            FROM scoped_compounds sc
            JOIN active_committees c ON c.compound_id = sc.compound_id
            LEFT JOIN seated_committee_ids sci ON sci.committee_id = c.id
            GROUP BY sc.area_id
        ),
        seat_figures AS (
            SELECT sc.area_id,
                   count(*) AS party_member_seats,
                   count(*) FILTER (WHERE m.category = 'InService') AS in_service_seats,
                   count(*) FILTER (WHERE s.role = 'Director' AND lp.secretary) AS secretaries_as_directors,
                   count(DISTINCT s.party_member_id) FILTER (WHERE lp.member_id IS NOT NULL) AS cross_appointed
            FROM scoped_compounds sc
            JOIN active_seats s ON s.compound_id = sc.compound_id
            JOIN party_members m ON m.id = s.party_member_id
            LEFT JOIN leading_pairs lp ON lp.member_id = s.party_member_id AND lp.compound_id = s.compound_id
            GROUP BY sc.area_id
        ),
        agreement_figures AS (
            SELECT s.area_id, count(*) AS agreements
            FROM scope s JOIN agreements g ON g.community_id = s.inner_id
            WHERE {Active("g.signed_on", "g.ended_on")}
            GROUP BY s.area_id
        ),
        activity_figures AS (
            SELECT s.area_id, count(*) AS activities
            FROM scope s JOIN activities v ON v.community_id = s.inner_id
            WHERE {ActiveOn.Started("v.held_on", "@as_of")}
            GROUP BY s.area_id
        ),
        project_figures AS (
            SELECT s.area_id,
                   count(*) AS launched,
                   count(*) FILTER (WHERE {ActiveOn.EndedSql("p.completed_on", "@as_of")}) AS completed
            FROM scope s JOIN projects p ON p.community_id = s.inner_id
            WHERE {ActiveOn.Started("p.launched_on", "@as_of")}
            GROUP BY s.area_id
        )
        SELECT af.area_id,
               af.communities::int,
               coalesce(cf.compounds, 0)::int,
               coalesce(cf.covered, 0)::int,
               coalesce(orgf.total, 0)::int,
               coalesce(orgf.standalone, 0)::int,
               coalesce(orgf.joint, 0)::int,
               coalesce(orgf.funding, 0),
               coalesce(mf.in_service_reported, 0)::int,
               coalesce(mf.department, 0)::int,
               coalesce(mf.division, 0)::int,
               coalesce(mf.section, 0)::int,
               coalesce(comf.red, 0)::int,
               coalesce(sf.party_member_seats, 0)::int,
               coalesce(sf.in_service_seats, 0)::int,
               coalesce(sf.secretaries_as_directors, 0)::int,
               coalesce(sf.cross_appointed, 0)::int,
               coalesce(gf.agreements, 0)::int,
               coalesce(vf.activities, 0)::int,
               coalesce(pf.launched, 0)::int,
               coalesce(pf.completed, 0)::int
        FROM area_figures af
        LEFT JOIN compound_figures cf ON cf.area_id = af.area_id
        LEFT JOIN organization_figures orgf ON orgf.area_id = af.area_id
        LEFT JOIN member_figures mf ON mf.area_id = af.area_id
        LEFT JOIN committee_figures comf ON comf.area_id = af.area_id
        LEFT JOIN seat_figures sf ON sf.area_id = af.area_id
        LEFT JOIN agreement_figures gf ON gf.area_id = af.area_id
        LEFT JOIN activity_figures vf ON vf.area_id = af.area_id
        LEFT JOIN project_figures pf ON pf.area_id = af.area_id
        """;

    private static string Active(string from, string until) => ActiveOn.Sql(from, until, "@as_of");

    /// <summary>
    /// Figures for each of <paramref name="areaIds"/> as of <paramref name="asOf"/>, keyed by area id.
    /// Ids of areas that do not exist are left out of the result.
    /// </summary>
    public static Task<IReadOnlyDictionary<int, CoverageFigures>> ComputeAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<int> areaIds, DateOnly asOf, CancellationToken cancellationToken = default) =>
        CoverageFigures.ByAreaAsync(dataSource, Sql, areaIds, asOf, cancellationToken);
}
