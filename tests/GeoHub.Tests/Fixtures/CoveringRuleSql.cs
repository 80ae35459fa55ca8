namespace GeoHub.Tests.Fixtures;

/// <summary>The battle map's covering rule written out in SQL, the tests' reference for the statuses stored and drawn.</summary>
internal static class CoveringRuleSql
{
    /// <summary>
    /// (id, d, status): each compound on the days its links and organisations start and end, the
    /// day before each, and two fixed days, with its status on that day by the rule: the formation
    /// of the lowest-id organisation whose link and whose own span both hold the day, NONE without one.
    /// </summary>
    public const string StatusOnEdgeDays = """
        WITH days AS (
            SELECT DISTINCT l.compound_id AS id, x.d
            FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
            CROSS JOIN LATERAL unnest(ARRAY[l.covered_from, l.covered_until, o.formed_on, o.dissolved_on]) e(edge)
            CROSS JOIN LATERAL unnest(ARRAY[e.edge, e.edge - 1]) x(d)
            WHERE x.d IS NOT NULL
            UNION
            SELECT c.id, x.d FROM compounds c CROSS JOIN (VALUES (date '2017-12-31'), (date '2019-06-30')) x(d)
        )
        SELECT days.id, days.d, coalesce((
            SELECT CASE o.formation WHEN 'Joint' THEN 'JOINT' ELSE 'STANDALONE' END
            FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
            WHERE l.compound_id = days.id
              AND l.covered_from <= days.d AND (l.covered_until IS NULL OR l.covered_until > days.d)
              AND o.formed_on <= days.d AND (o.dissolved_on IS NULL OR o.dissolved_on > days.d)
            ORDER BY o.id LIMIT 1), 'NONE') AS status
        FROM days
        """;
}
