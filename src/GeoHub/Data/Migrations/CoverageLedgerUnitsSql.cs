#nullable enable

namespace GeoHub.Data.Migrations;

/// <summary>
/// The dated ledger of the seed's figures kept by unit (migration CoverageLedgerUnits; it
/// replaces CoverageLedgerSql's upkeep, which recomputed a whole community for every write). Each
/// figure is steps, +n on the day something starts counting and −n on the day it stops, so a
/// figure on a day is the sum of its steps up to that day.
/// <list type="bullet">
/// <item><c>coverage_steps</c>: the steps of each area at every level, of everything under it: what
/// coverage, children { coverage } and progress read (its shape unchanged by this migration).</item>
/// <item><c>coverage_unit_steps</c>: the steps each unit of the rows adds, one row per unit, kept so
/// that a write can be diffed against them. A unit is what a fact hangs on: a <b>compound</b> (the
/// compound counted, its coverage, its residents' figures, its committees and their seats), a
/// <b>community</b> (its own count, its organisations, agreements, activities and projects: rows
/// that name a community, not a compound), or a <b>member</b> (cross_appointed, which counts
/// distinct members, and a member may sit on committees in two communities).</item>
/// </list>
/// Statement triggers note the units a statement touched (<c>coverage_touched</c>); at commit a
/// deferred constraint trigger recomputes those units' steps from the rows, diffs them with the
/// stored ones and adds the difference to <c>coverage_steps</c> of their areas and every area
/// above. So a write costs the rows of the units it touched: a member registered in a compound
/// reads that compound's rows, not its community's.
/// </summary>
internal static class CoverageLedgerUnitsSql
{
    // The figures, in the order the rollup returns them (CoverageFigures' fields); a step's figure
    // is its position here, from 1.
    private static readonly (string Name, string Type)[] Figures =
    [
        ("communities", "integer"), ("compounds", "integer"), ("compounds_covered", "integer"),
        ("organizations", "integer"), ("standalone", "integer"), ("joint", "integer"), ("startup_funding_yuan", "numeric"),
        ("in_service_reported", "integer"),
        ("cadres_department", "integer"), ("cadres_division", "integer"), ("cadres_section", "integer"),
        ("red_committees", "integer"), ("party_member_seats", "integer"), ("in_service_seats", "integer"),
        ("secretaries_as_directors", "integer"), ("cross_appointed", "integer"),
        ("agreements", "integer"), ("activities", "integer"), ("projects_launched", "integer"), ("projects_completed", "integer"),
    ];

    private const int CrossAppointed = 16;

    private static string Each(Func<(string Name, string Type), int, string> part, string separator = ", ") =>
        string.Join(separator, Figures.Select((f, i) => part(f, i + 1)));

    private static readonly string Definitions = Each((f, _) => $"{f.Name} {f.Type} NOT NULL");
    private static readonly string Zeros = Each((_, _) => "0");
    private static readonly string Columns = Each((f, _) => f.Name);
    private static readonly string Added = Each((f, _) => $"{f.Name} = t.{f.Name} + excluded.{f.Name}");

    // Steps (area_id, day, figure, weight) as one row per area and day with a column per figure.
    private static readonly string Pivot = Each((f, i) => $"coalesce(sum(weight) FILTER (WHERE figure = {i}), 0)::{f.Type} AS {f.Name}", ",\n        ");
    private static readonly string NotAllZero = $"({Each((f, _) => $"sum(d.{f.Name})")}) <> ({Zeros})";

    // Steps (kind, id, area_id, day, figure, weight) packed into one coverage_unit_steps row per
    // unit, in a fixed order so that equal steps make equal rows. Grouped by id first, so that a
    // sort compares integers and reaches the text (compared by the locale) only on ties.
    private static string Packed(string steps) => $"""
        SELECT kind, id, {string.Join(", ", new[] { "area_id", "day", "figure", "weight" }.Select(c => $"array_agg({c} ORDER BY area_id, day, figure) AS {c}s"))}
        FROM {steps} GROUP BY id, kind
        """;

    // Area x lies under area a (Areas/UnderArea: the area itself or a path continuing a's).
    private const string Under = "(x.path = a.path OR x.path LIKE a.path || '/%')";

    // Steps per area and day (pivoted, from {steps}) added to every area at or above their area.
    private static string UpTheTree(string steps) => $"""
        SELECT a.id, d.day, {Each((f, _) => $"sum(d.{f.Name})")}
        FROM ({steps}) d
        JOIN areas x ON x.id = d.area_id JOIN areas a ON {Under}
        GROUP BY a.id, d.day
        """;

    // The same for every area's steps at once: the pairs (area, area at or above it) are found
    // first (a few hundred areas), so that the steps are joined to them by key, not each step
    // compared with every area's path (×10: 126,000 steps × 274 areas).
    private static string UpTheTreeForAll(string steps) => $"""
        WITH above AS MATERIALIZED (SELECT x.id, a.id AS area_id FROM areas x JOIN areas a ON {Under})
        SELECT u.area_id, d.day, {Each((f, _) => $"sum(d.{f.Name})")}
        FROM ({steps}) d
        JOIN above u ON u.id = d.area_id
        GROUP BY u.area_id, d.day
        """;

    // Tables a figure reads, the columns of theirs it reads, and the units a changed row touches
    // ({rows}: the statement's old or new rows), as (kind, id): every unit whose facts read the
    // row (figure numbers as in Figures). A row whose parent is deleted in the same statement (a
    // cascade) finds no parent here, but the parent's own trigger touches what hung on it.
    private static readonly (string Table, string? Key, string Read, string Touches)[] Sources =
    [
        // The compound (2 and all it counts, in its community), its seats' holders (16).
        ("compounds", "id", "community_id", """
            SELECT 'compound', id FROM {rows}
            UNION SELECT 'member', s.party_member_id FROM {rows} r JOIN owners_committees c ON c.compound_id = r.id JOIN committee_seats s ON s.committee_id = c.id
            """),
        // Its community (4-7), the compounds it covers (3, 15), its role holders' compounds
        // (9-11) and its role holders (16).
        ("party_organizations", "id", "community_id, formation, startup_funding_yuan, formed_on, dissolved_on", """
            SELECT 'community', community_id FROM {rows}
            UNION SELECT 'compound', oc.compound_id FROM {rows} r JOIN organization_compounds oc ON oc.organization_id = r.id
            UNION SELECT 'compound', m.compound_id FROM {rows} r JOIN party_roles pr ON pr.organization_id = r.id JOIN party_members m ON m.id = pr.member_id
            UNION SELECT 'member', pr.member_id FROM {rows} r JOIN party_roles pr ON pr.organization_id = r.id
            """),
        // The compound (3, 15), the holders of seats on its committees (16).
        ("organization_compounds", null, "", """
            SELECT 'compound', compound_id FROM {rows}
            UNION SELECT 'member', s.party_member_id FROM {rows} r JOIN owners_committees c ON c.compound_id = r.compound_id JOIN committee_seats s ON s.committee_id = c.id
            """),
        // The member's compound (8-11), the compounds of the committees they sit on (13-14).
        ("party_members", "id", "compound_id, category, cadre_rank, reported_on, registered_on, left_on", """
            SELECT 'compound', compound_id FROM {rows}
            UNION SELECT 'compound', c.compound_id FROM {rows} r JOIN committee_seats s ON s.party_member_id = r.id JOIN owners_committees c ON c.id = s.committee_id
            """),
        // The member's compound (9-11), the compounds of their seats (15), the member (16).
        ("party_roles", "id", "member_id, kind, organization_id, \"from\", until", """
            SELECT 'compound', m.compound_id FROM {rows} r JOIN party_members m ON m.id = r.member_id
            UNION SELECT 'compound', c.compound_id FROM {rows} r JOIN committee_seats s ON s.party_member_id = r.member_id JOIN owners_committees c ON c.id = s.committee_id
            UNION SELECT 'member', member_id FROM {rows}
            """),
        // The committee's compound (12-15), its seated members' compounds (9-11) and themselves (16).
        ("owners_committees", "id", "compound_id, formed_on, dissolved_on, formed_under_party_lead", """
            SELECT 'compound', compound_id FROM {rows}
            UNION SELECT 'compound', m.compound_id FROM {rows} r JOIN committee_seats s ON s.committee_id = r.id JOIN party_members m ON m.id = s.party_member_id
            UNION SELECT 'member', s.party_member_id FROM {rows} r JOIN committee_seats s ON s.committee_id = r.id
            """),
        // The committee's compound (12-15), the holder's compound (9-11), the holder (16).
        ("committee_seats", "id", "committee_id, role, party_member_id, \"from\", until", """
            SELECT 'compound', c.compound_id FROM {rows} r JOIN owners_committees c ON c.id = r.committee_id
            UNION SELECT 'compound', m.compound_id FROM {rows} r JOIN party_members m ON m.id = r.party_member_id
            UNION SELECT 'member', party_member_id FROM {rows}
            """),
        // The community they name (17-20).
        ("agreements", "id", "community_id, signed_on, ended_on", "SELECT 'community', community_id FROM {rows}"),
        ("activities", "id", "community_id, held_on", "SELECT 'community', community_id FROM {rows}"),
        ("projects", "id", "community_id, launched_on, completed_on", "SELECT 'community', community_id FROM {rows}"),
    ];

    private static string TouchFunction((string Table, string? Key, string Read, string Touches) source)
    {
        var (table, key, read, touches) = source;
        // An update touches only if it changed a column a figure reads (most writes also bump a
        // row's version, which no figure reads).
        var changed = key is null
            ? "SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows"
            : $"""
                SELECT o.* FROM old_rows o JOIN new_rows n USING ({key}) WHERE ({Prefixed("o", read)}) IS DISTINCT FROM ({Prefixed("n", read)})
                UNION ALL SELECT n.* FROM old_rows o JOIN new_rows n USING ({key}) WHERE ({Prefixed("o", read)}) IS DISTINCT FROM ({Prefixed("n", read)})
                """;
        string Note(string rows) =>
            $"INSERT INTO coverage_touched (kind, id) SELECT * FROM ({touches.Replace("{rows}", rows, StringComparison.Ordinal)}) t(kind, id) WHERE t.id IS NOT NULL ON CONFLICT DO NOTHING;";
        return $$"""
            CREATE FUNCTION coverage_touch_{{table}}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Already to be rebuilt whole (a map being loaded): nothing to note.
                IF EXISTS (SELECT 1 FROM coverage_touched WHERE kind = 'all') THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    {{Note("new_rows")}}
                ELSIF TG_OP = 'DELETE' THEN
                    {{Note("old_rows")}}
                ELSE
                    WITH changed AS MATERIALIZED ({{changed}})
                    {{Note("changed")}}
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER tr_{{table}}_coverage_insert AFTER INSERT ON {{table}} REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION coverage_touch_{{table}}();
            CREATE TRIGGER tr_{{table}}_coverage_update AFTER UPDATE ON {{table}} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION coverage_touch_{{table}}();
            CREATE TRIGGER tr_{{table}}_coverage_delete AFTER DELETE ON {{table}} REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION coverage_touch_{{table}}();
            CREATE TRIGGER tr_{{table}}_coverage_truncate AFTER TRUNCATE ON {{table}}
                FOR EACH STATEMENT EXECUTE FUNCTION coverage_touch_all();

            """;
    }

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{alias}.{c}"));

    // A function answering one query, in plpgsql rather than SQL: a SQL function's query is
    // planned again at every call, which cost a write more than its rows (×100: ~7 ms of
    // planning to ~2 ms of work for one compound), while plpgsql keeps a connection's plans. The
    // plan kept is the generic one, made for arrays of any size, so that a rebuild (every unit)
    // and a write (a few) run the same plan; the queries are written so that that plan costs
    // their rows either way. The function's result columns are also plpgsql variables: the
    // query's columns win.
    private static string QueryFunction(string signature, string query) => $$"""
        CREATE FUNCTION {{signature}}
        LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $$
        #variable_conflict use_column
        BEGIN
            RETURN QUERY
            {{query}};
        END $$;
        """;

    // Every counted fact hanging on the compounds given, with the days it counts on: the
    // seed's figures (Coverage/CoverageRollup.cs, the reference) as sets of days instead of a
    // day's count. "Active on a day" (Common/ActiveOn) is daterange(from, until): from
    // included, until not, an open end unbounded; a fact that needs several things active
    // holds on the intersection of their ranges, one that needs any of several on their union.
    // A compound's facts: itself (2), its coverage (3), the members living in it (8, and
    // 9-11 for cadres serving anywhere), its committees (12) and their seats (13-15), all
    // counted in the compound's community.
    // Its plan (see QueryFunction) is made for an array of any size, so whatever a row needs
    // from another is found through an index, per row (a join to a table, a subquery): a
    // write's few compounds and a rebuild's every compound then cost their rows, where a
    // join of two intermediate results was once planned as a loop over both (×10 rebuild: 60 s).
    private static readonly string CompoundFacts = QueryFunction(
        """
        coverage_compound_facts(compound_ids integer[])
        RETURNS TABLE (compound_id integer, area_id integer, during datemultirange, figure integer, weight numeric)
        """,
        """
        WITH source_compounds AS MATERIALIZED (
            SELECT c.id, c.community_id FROM compounds c JOIN (SELECT DISTINCT id FROM unnest(compound_ids) AS s(id)) s ON s.id = c.id),
        source_members AS MATERIALIZED (
            SELECT m.id, k.id AS compound_id, k.community_id, m.category, m.cadre_rank, m.reported_on,
                   daterange(coalesce(m.registered_on, '-infinity'), m.left_on) AS lives
            FROM source_compounds k JOIN party_members m ON m.compound_id = k.id),
        -- Seats held by party members on the compounds' committees, while both hold.
        source_seats AS MATERIALIZED (
            SELECT s.party_member_id AS member_id, s.role, c.id AS committee_id, c.formed_under_party_lead,
                   k.id AS compound_id, k.community_id,
                   daterange(s."from", s.until) * daterange(c.formed_on, c.dissolved_on) AS held
            FROM source_compounds k JOIN owners_committees c ON c.compound_id = k.id JOIN committee_seats s ON s.committee_id = c.id
            WHERE s.party_member_id IS NOT NULL),
        -- A cadre serves on the days they hold a role in an active organisation or a seat on an
        -- active committee, anywhere.
        cadres AS (
            SELECT k.compound_id, k.community_id, k.cadre_rank, datemultirange(k.lives) * (coalesce((
                    SELECT range_agg(daterange(r."from", r.until) * daterange(o.formed_on, o.dissolved_on))
                    FROM party_roles r JOIN party_organizations o ON o.id = r.organization_id WHERE r.member_id = k.id), '{}')
                + coalesce((
                    SELECT range_agg(daterange(s."from", s.until) * daterange(c.formed_on, c.dissolved_on))
                    FROM committee_seats s JOIN owners_committees c ON c.id = s.committee_id WHERE s.party_member_id = k.id), '{}')) AS serving
            FROM source_members k WHERE k.cadre_rank IN ('Department', 'Division', 'Section'))
        SELECT id, community_id, '{(,)}'::datemultirange, 2, 1::numeric FROM source_compounds
        UNION ALL
        SELECT k.id, k.community_id, range_agg(daterange(oc.covered_from, oc.covered_until) * daterange(o.formed_on, o.dissolved_on)), 3, 1
        FROM source_compounds k JOIN organization_compounds oc ON oc.compound_id = k.id JOIN party_organizations o ON o.id = oc.organization_id
        GROUP BY k.id, k.community_id
        UNION ALL
        SELECT compound_id, community_id, datemultirange(lives * daterange(reported_on, NULL)), 8, 1
        FROM source_members WHERE category = 'InService' AND reported_on IS NOT NULL
        UNION ALL
        SELECT compound_id, community_id, serving, CASE cadre_rank WHEN 'Department' THEN 9 WHEN 'Division' THEN 10 ELSE 11 END, 1
        FROM cadres
        UNION ALL
        SELECT compound_id, community_id, range_agg(held), 12, 1 FROM source_seats WHERE formed_under_party_lead GROUP BY committee_id, compound_id, community_id
        UNION ALL
        SELECT s.compound_id, s.community_id, datemultirange(s.held), f.figure, 1
        FROM source_seats s JOIN party_members m ON m.id = s.member_id
        CROSS JOIN LATERAL (VALUES (13), (CASE WHEN m.category = 'InService' THEN 14 END)) AS f(figure)
        WHERE f.figure IS NOT NULL
        UNION ALL
        -- A director on the days they are also secretary of an organisation covering the compound.
        SELECT s.compound_id, s.community_id, datemultirange(s.held) * coalesce((
            SELECT range_agg(daterange(r."from", r.until) * daterange(o.formed_on, o.dissolved_on) * daterange(oc.covered_from, oc.covered_until))
            FROM party_roles r JOIN party_organizations o ON o.id = r.organization_id
            JOIN organization_compounds oc ON oc.organization_id = r.organization_id AND oc.compound_id = s.compound_id
            WHERE r.member_id = s.member_id AND r.kind = 'Secretary'), '{}'), 15, 1
        FROM source_seats s WHERE s.role = 'Director'
        """);

    // The facts hanging on the areas given themselves: a community counted (1), the
    // organisations (4-7), agreements (17), activities (18) and projects (19-20) that name it.
    private static readonly string CommunityFacts = QueryFunction(
        """
        coverage_community_facts(area_ids integer[])
        RETURNS TABLE (area_id integer, during datemultirange, figure integer, weight numeric)
        """,
        """
        WITH source_areas AS MATERIALIZED (SELECT DISTINCT id FROM unnest(area_ids) AS s(id))
        SELECT a.id, '{(,)}'::datemultirange, 1, 1::numeric FROM areas a JOIN source_areas s ON s.id = a.id WHERE a.level = 'Community'
        UNION ALL
        SELECT o.community_id, datemultirange(daterange(o.formed_on, o.dissolved_on)), f.figure, f.weight
        FROM party_organizations o JOIN source_areas s ON s.id = o.community_id
        CROSS JOIN LATERAL (VALUES (4, 1::numeric),
            (CASE o.formation WHEN 'Standalone' THEN 5 WHEN 'Joint' THEN 6 END, 1),
            (7, o.startup_funding_yuan)) AS f(figure, weight)
        WHERE f.figure IS NOT NULL
        UNION ALL
        SELECT g.community_id, datemultirange(daterange(g.signed_on, g.ended_on)), 17, 1 FROM agreements g JOIN source_areas s ON s.id = g.community_id
        UNION ALL
        SELECT v.community_id, datemultirange(daterange(v.held_on, NULL)), 18, 1 FROM activities v JOIN source_areas s ON s.id = v.community_id
        UNION ALL
        SELECT p.community_id, datemultirange(daterange(p.launched_on, NULL)), 19, 1 FROM projects p JOIN source_areas s ON s.id = p.community_id
        UNION ALL
        SELECT p.community_id, datemultirange(daterange(p.completed_on, NULL)), 20, 1 FROM projects p JOIN source_areas s ON s.id = p.community_id
        WHERE p.completed_on IS NOT NULL
        """);

    // cross_appointed's steps of the members given. It counts distinct members, so it is not
    // a sum over compounds or communities: a member seated on committees in two of them is one
    // member of the area above both. Let R(m, A) be the days member m is cross-appointed on a
    // committee under area A: the union over m's seats there of the seat's days on which m
    // leads an organisation covering its compound. m's steps at A are those of R(m, A) minus
    // those of R(m, B) for each child B of A; summed over A and every area under it they
    // telescope to R(m, A), m counted once. At a community (no child areas) that is R(m, C);
    // above it, zero unless m is seated under two of A's children on a day.
    private static readonly string MemberSteps = QueryFunction(
        """
        coverage_member_steps(member_ids integer[])
        RETURNS TABLE (member_id integer, area_id integer, day date, weight integer)
        """,
        $$"""
        WITH seats AS MATERIALIZED (
            SELECT s.party_member_id AS member_id, k.id AS compound_id, k.community_id AS area_id,
                   daterange(s."from", s.until) * daterange(c.formed_on, c.dissolved_on) AS held
            FROM (SELECT DISTINCT id FROM unnest(member_ids) AS h(id)) h JOIN committee_seats s ON s.party_member_id = h.id
            JOIN owners_committees c ON c.id = s.committee_id JOIN compounds k ON k.id = c.compound_id),
        pieces AS MATERIALIZED (
            SELECT s.member_id, s.area_id, datemultirange(s.held) * coalesce((
                SELECT range_agg(daterange(r."from", r.until) * daterange(o.formed_on, o.dissolved_on) * daterange(oc.covered_from, oc.covered_until))
                FROM party_roles r JOIN party_organizations o ON o.id = r.organization_id
                JOIN organization_compounds oc ON oc.organization_id = r.organization_id AND oc.compound_id = s.compound_id
                WHERE r.member_id = s.member_id AND r.kind IN ('Secretary', 'FirstSecretary', 'DeputySecretary', 'CommitteeMember')), '{}') AS during
            FROM seats s),
        -- Nearly every member is seated in one community, where their steps are R(m, C) and
        -- zero above: only the others need the areas above (marked without a join, so that
        -- no plan can loop over both sides).
        marked AS MATERIALIZED (
            SELECT p.*, min(p.area_id) OVER w <> max(p.area_id) OVER w AS spread FROM pieces p WINDOW w AS (PARTITION BY p.member_id)),
        within AS (
            SELECT p.member_id, a.id AS area_id, a.parent_id, range_agg(p.during) AS during
            FROM marked p JOIN areas x ON x.id = p.area_id JOIN areas a ON {{Under}}
            WHERE p.spread
            GROUP BY p.member_id, a.id, a.parent_id),
        signed AS (
            SELECT member_id, area_id, range_agg(during) AS during, 1 AS sign FROM marked WHERE NOT spread GROUP BY member_id, area_id
            UNION ALL SELECT member_id, area_id, during, 1 FROM within
            UNION ALL SELECT member_id, parent_id, during, -1 FROM within WHERE parent_id IS NOT NULL)
        SELECT g.member_id, g.area_id, s.day, sum(s.weight)::integer
        FROM signed g
        CROSS JOIN LATERAL unnest(g.during) AS r(piece)
        CROSS JOIN LATERAL (VALUES (coalesce(lower(r.piece), '-infinity'::date), g.sign), (upper(r.piece), -g.sign)) AS s(day, weight)
        WHERE s.day IS NOT NULL
        GROUP BY g.member_id, g.area_id, s.day
        HAVING sum(s.weight) <> 0
        """);

    // The units' steps from their rows: +weight on the first day of each range of days a fact
    // counts on, -weight on the first day after it, summed per unit, area, day and figure.
    private static readonly string UnitStepsFromRows = QueryFunction(
        """
        coverage_unit_steps_from_rows(compound_ids integer[], community_ids integer[], member_ids integer[])
        RETURNS TABLE (kind text, id integer, area_id integer, day date, figure smallint, weight numeric)
        """,
        $$"""
        WITH facts AS MATERIALIZED (
            SELECT 'compound' AS kind, compound_id AS id, area_id, during, figure, weight FROM coverage_compound_facts(compound_ids)
            UNION ALL SELECT 'community', area_id, area_id, during, figure, weight FROM coverage_community_facts(community_ids))
        SELECT f.kind, f.id, f.area_id, s.day, f.figure::smallint, sum(s.weight)
        FROM facts f
        CROSS JOIN LATERAL unnest(f.during) AS r(piece)
        CROSS JOIN LATERAL (VALUES (coalesce(lower(r.piece), '-infinity'::date), f.weight), (upper(r.piece), -f.weight)) AS s(day, weight)
        WHERE s.day IS NOT NULL
        GROUP BY f.id, f.kind, f.area_id, s.day, f.figure
        HAVING sum(s.weight) <> 0
        UNION ALL
        SELECT 'member', member_id, area_id, day, {{CrossAppointed}}::smallint, weight FROM coverage_member_steps(member_ids)
        """);

    private static readonly string Create = $$"""
        CREATE TABLE coverage_steps (area_id integer NOT NULL, day date NOT NULL, {{Definitions}}, PRIMARY KEY (area_id, day));
        -- One row per unit: its steps as parallel arrays, one element a step (area, day, figure,
        -- weight), rather than a row a step: a compound has a few dozen steps, and ~150,000
        -- compounds on the ×100 map would otherwise be millions of rows for the load to write.
        CREATE TABLE coverage_unit_steps (
            kind text NOT NULL CHECK (kind IN ('compound', 'community', 'member')),
            id integer NOT NULL,
            area_ids integer[] NOT NULL, days date[] NOT NULL, figures smallint[] NOT NULL, weights numeric[] NOT NULL,
            PRIMARY KEY (kind, id));
        -- The units the open transaction changed rows of ('all': everything, the areas changed).
        -- Keyed by transaction, so concurrent writers never wait on each other's rows here; a
        -- transaction's rows are gone before it commits.
        CREATE TABLE coverage_touched (
            xact xid8 NOT NULL DEFAULT pg_current_xact_id(),
            kind text NOT NULL CHECK (kind IN ('all', 'compound', 'community', 'member')),
            id integer NOT NULL,
            PRIMARY KEY (xact, kind, id));

        {{CompoundFacts}}

        {{CommunityFacts}}

        {{MemberSteps}}

        {{UnitStepsFromRows}}

        -- Brings the units given up to date with their rows: their steps are recomputed, the
        -- difference with the stored ones is added to the steps of their areas and of every area
        -- above, and the fresh steps are stored in place of the old (a unit's row is rewritten
        -- only if its steps changed). Planned once per connection, as the queries it calls.
        CREATE FUNCTION coverage_ledger_refresh(compound_ids integer[], community_ids integer[], member_ids integer[])
        RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
        DECLARE
            emptied_areas integer[];
            emptied_days date[];
        BEGIN
            WITH units AS (
                SELECT 'compound'::text AS kind, id FROM unnest(compound_ids) AS u(id)
                UNION SELECT 'community', id FROM unnest(community_ids) AS u(id)
                UNION SELECT 'member', id FROM unnest(member_ids) AS u(id)),
            fresh AS MATERIALIZED (SELECT * FROM coverage_unit_steps_from_rows(compound_ids, community_ids, member_ids)),
            stored AS MATERIALIZED (
                SELECT s.area_id, s.day, s.figure, s.weight
                FROM units u JOIN coverage_unit_steps t ON t.kind = u.kind AND t.id = u.id
                CROSS JOIN LATERAL unnest(t.area_ids, t.days, t.figures, t.weights) AS s(area_id, day, figure, weight)),
            delta AS MATERIALIZED (
                SELECT area_id, day, {{Pivot}}
                FROM (SELECT area_id, day, figure, weight FROM fresh UNION ALL SELECT area_id, day, figure, -weight FROM stored) d
                GROUP BY area_id, day),
            packed AS ({{Packed("fresh")}}),
            kept AS (
                INSERT INTO coverage_unit_steps AS t SELECT * FROM packed
                ON CONFLICT (kind, id) DO UPDATE SET area_ids = excluded.area_ids, days = excluded.days, figures = excluded.figures, weights = excluded.weights
                WHERE (t.area_ids, t.days, t.figures, t.weights) IS DISTINCT FROM (excluded.area_ids, excluded.days, excluded.figures, excluded.weights)),
            -- Units left without a step (a compound deleted, a member unseated).
            dropped AS (
                DELETE FROM coverage_unit_steps t USING units u
                WHERE t.kind = u.kind AND t.id = u.id AND (t.kind, t.id) NOT IN (SELECT kind, id FROM packed)),
            added AS (
                INSERT INTO coverage_steps AS t
                {{UpTheTree($"SELECT * FROM delta WHERE ({Columns}) <> ({Zeros})")}}
                ON CONFLICT (area_id, day) DO UPDATE SET {{Added}}
                RETURNING t.area_id, t.day, ({{Each((f, _) => $"t.{f.Name}")}}) = ({{Zeros}}) AS empty)
            SELECT array_agg(area_id), array_agg(day) INTO emptied_areas, emptied_days FROM added WHERE empty;

            -- Days on which an area's figures no longer change: no step.
            DELETE FROM coverage_steps t USING unnest(emptied_areas, emptied_days) AS e(area_id, day)
            WHERE t.area_id = e.area_id AND t.day = e.day;
        END $$;

        -- The whole ledger from the rows: after a migration, a map load, or a change of the areas.
        -- The same steps as a refresh of every unit would add, written straight into empty tables.
        CREATE FUNCTION coverage_ledger_rebuild() RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            memory text := current_setting('work_mem');
        BEGIN
            -- Every row of the map is grouped at once: room to do it in memory.
            PERFORM set_config('work_mem', '256MB', true);
            DELETE FROM coverage_steps;
            DELETE FROM coverage_unit_steps;
            WITH fresh AS MATERIALIZED (
                SELECT * FROM coverage_unit_steps_from_rows(
                    ARRAY(SELECT id FROM compounds), ARRAY(SELECT id FROM areas),
                    ARRAY(SELECT DISTINCT party_member_id FROM committee_seats WHERE party_member_id IS NOT NULL))),
            kept AS (INSERT INTO coverage_unit_steps {{Packed("fresh")}})
            INSERT INTO coverage_steps
            SELECT * FROM (
                {{UpTheTreeForAll($"SELECT area_id, day, {Pivot} FROM fresh GROUP BY area_id, day")}}
                HAVING {{NotAllZero}}) t
            -- In key order, so that an area's steps lie on few pages: a read is one short range.
            ORDER BY 1, 2;
            PERFORM set_config('work_mem', memory, true);
        END $$;

        -- At commit (deferred), once per transaction that touched anything: one writer at a time,
        -- so that under READ COMMITTED each sees the rows the previous one committed, and the
        -- differences they add never cross.
        CREATE FUNCTION coverage_ledger_catch_up() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            everything boolean;
            compound_ids integer[];
            community_ids integer[];
            member_ids integer[];
            hash text := current_setting('enable_hashjoin');
            merge text := current_setting('enable_mergejoin');
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('coverage_ledger'));
            WITH taken AS (DELETE FROM coverage_touched RETURNING kind, id)
            SELECT bool_or(kind = 'all'),
                   coalesce(array_agg(id) FILTER (WHERE kind = 'compound'), '{}'),
                   coalesce(array_agg(id) FILTER (WHERE kind = 'community'), '{}'),
                   coalesce(array_agg(id) FILTER (WHERE kind = 'member'), '{}')
            INTO everything, compound_ids, community_ids, member_ids FROM taken;
            IF everything IS NULL THEN
                RETURN NULL;
            ELSIF everything THEN
                PERFORM coverage_ledger_rebuild();
            ELSE
                -- A write touches a few units: their rows are read through the indexes, whatever
                -- the planner guesses of an array of ids, which with hash joins reads whole tables.
                PERFORM set_config('enable_hashjoin', 'off', true);
                PERFORM set_config('enable_mergejoin', 'off', true);
                PERFORM coverage_ledger_refresh(compound_ids, community_ids, member_ids);
                PERFORM set_config('enable_hashjoin', hash, true);
                PERFORM set_config('enable_mergejoin', merge, true);
            END IF;
            RETURN NULL;
        END $$;
        CREATE CONSTRAINT TRIGGER tr_coverage_touched_catch_up AFTER INSERT ON coverage_touched
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION coverage_ledger_catch_up();

        CREATE FUNCTION coverage_touch_all() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO coverage_touched (kind, id) VALUES ('all', 0) ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$;
        -- Areas added, removed or moved change which areas lie under which: rebuild.
        CREATE TRIGGER tr_areas_coverage AFTER INSERT OR DELETE OR UPDATE OF level, parent_id, path OR TRUNCATE ON areas
            FOR EACH STATEMENT EXECUTE FUNCTION coverage_touch_all();

        {{string.Concat(Sources.Select(TouchFunction))}}
        """;

    private static readonly string Drop = $$"""
        {{string.Concat(Sources.Select(s => $"DROP FUNCTION coverage_touch_{s.Table}() CASCADE;\n"))}}
        DROP TRIGGER tr_areas_coverage ON areas;
        DROP FUNCTION coverage_touch_all() CASCADE;
        DROP TABLE coverage_touched;
        DROP FUNCTION coverage_ledger_catch_up();
        DROP FUNCTION coverage_ledger_rebuild();
        DROP FUNCTION coverage_ledger_refresh(integer[], integer[], integer[]);
        DROP FUNCTION coverage_unit_steps_from_rows(integer[], integer[], integer[]);
        DROP FUNCTION coverage_member_steps(integer[]);
        DROP FUNCTION coverage_community_facts(integer[]);
        DROP FUNCTION coverage_compound_facts(integer[]);
        DROP TABLE coverage_unit_steps;
        DROP TABLE coverage_steps;
        """;

    /// <summary>The per-community ledger's upkeep and tables dropped, the per-unit one made and filled from the rows.</summary>
    public static readonly string Up = $"""
        {CoverageLedgerSql.Down}
        {Create}
        SELECT coverage_ledger_rebuild();
        """;

    /// <summary>Back to the per-community ledger (CoverageLedgerSql), rebuilt from the rows.</summary>
    public static readonly string Down = $"""
        {Drop}
        {CoverageLedgerSql.Up}
        """;
}
