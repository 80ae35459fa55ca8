#nullable enable

namespace GeoHub.Data.Migrations;

/// <summary>
/// The dated ledger of the seed's figures (see Coverage/CoverageLedger.cs and the README): each
/// figure as steps, +n on the day something starts counting and −n on the day it stops, so a
/// figure on a day is the sum of its steps up to that day.
/// <list type="bullet">
/// <item><c>coverage_own_steps</c>: the steps of the rows hanging on each area itself (a community's
/// compounds, members, organisations…), computed from the rows.</item>
/// <item><c>coverage_steps</c>: the steps of each area at every level, its own and every area's under
/// it: what coverage, children { coverage } and progress read.</item>
/// <item><c>coverage_cross_corrections</c>: cross_appointed counts distinct members, and a member
/// seated in two communities is one member of their street; the rest of the figures count rows
/// that lie in exactly one community. Per member and area, the steps that turn the sum of its
/// children's counts into the area's distinct count (zero unless a member sits in two areas).</item>
/// </list>
/// Maintained in PostgreSQL, so that no write path can forget it: statement triggers on every
/// table a figure reads note the communities a statement touched (<c>coverage_touched</c>), and a
/// deferred constraint trigger recomputes those communities' steps from the rows at commit, in the
/// writer's transaction, and adds the difference to them and to every area above them.
/// </summary>
internal static class CoverageLedgerSql
{
    // The figures, in the order the rollup returns them (CoverageFigures' fields).
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

    private static readonly string Columns = Each((f, _) => f.Name);
    private static readonly string Definitions = Each((f, _) => $"{f.Name} {f.Type} NOT NULL");
    private static readonly string Zeros = Each((_, _) => "0");
    private static readonly string Sums = Each((f, _) => $"sum({f.Name}) AS {f.Name}");
    private static readonly string Negated = Each((f, _) => $"-{f.Name}");
    private static readonly string Added = Each((f, _) => $"{f.Name} = t.{f.Name} + excluded.{f.Name}");
    private static readonly string Pivot = Each((f, i) => $"coalesce(sum(s.weight) FILTER (WHERE f.figure = {i}), 0)::{f.Type} AS {f.Name}", ",\n        ");
    private static readonly string CorrectionAsRow = Each((_, i) => i == CrossAppointed ? "delta" : "0");

    // The areas' own steps from their rows: +weight on the first day of each range of days a fact
    // counts on, -weight on the first day after it. Written out where it is used rather than
    // called as a function: planned inside its caller, with the areas known, it takes a fraction
    // of the time (×100, one community: 0.5 s against 3.4 s), and the facts are materialized
    // first for the same reason.
    private static readonly string OwnSteps = $"""
        WITH f AS MATERIALIZED (SELECT * FROM coverage_facts(sources))
            SELECT f.area_id, s.day,
                {Pivot}
            FROM f
            CROSS JOIN LATERAL unnest(f.during) AS r(piece)
            CROSS JOIN LATERAL (VALUES (coalesce(lower(r.piece), '-infinity'::date), f.weight), (upper(r.piece), -f.weight)) AS s(day, weight)
            WHERE s.day IS NOT NULL
            GROUP BY f.area_id, s.day
        """;

    // Area x lies under area a (Areas/UnderArea: the area itself or a path continuing a's).
    private const string Under = "(x.path = a.path OR x.path LIKE a.path || '/%')";

    // Tables a figure reads, the columns of theirs it reads, and the communities a changed row
    // touches ({rows}: the statement's old or new rows). A row whose parent is deleted in the same
    // statement (a cascade) finds no parent here, but the parent's own trigger touches its community.
    private static readonly (string Table, string? Key, string Read, string Touches)[] Sources =
    [
        ("compounds", "id", "community_id", "SELECT community_id FROM {rows}"),
        ("party_organizations", "id", "community_id, formation, startup_funding_yuan, formed_on, dissolved_on", """
            SELECT community_id FROM {rows}
            UNION SELECT k.community_id FROM {rows} r JOIN organization_compounds oc ON oc.organization_id = r.id JOIN compounds k ON k.id = oc.compound_id
            UNION SELECT k.community_id FROM {rows} r JOIN party_roles pr ON pr.organization_id = r.id JOIN party_members m ON m.id = pr.member_id JOIN compounds k ON k.id = m.compound_id
            """),
        ("organization_compounds", null, "", "SELECT k.community_id FROM {rows} r JOIN compounds k ON k.id = r.compound_id"),
        ("party_members", "id", "compound_id, category, cadre_rank, reported_on, registered_on, left_on", """
            SELECT k.community_id FROM {rows} r JOIN compounds k ON k.id = r.compound_id
            UNION SELECT k.community_id FROM {rows} r JOIN committee_seats s ON s.party_member_id = r.id JOIN owners_committees c ON c.id = s.committee_id JOIN compounds k ON k.id = c.compound_id
            """),
        ("party_roles", "id", "member_id, kind, organization_id, \"from\", until", """
            SELECT k.community_id FROM {rows} r JOIN party_members m ON m.id = r.member_id JOIN compounds k ON k.id = m.compound_id
            UNION SELECT k.community_id FROM {rows} r JOIN committee_seats s ON s.party_member_id = r.member_id JOIN owners_committees c ON c.id = s.committee_id JOIN compounds k ON k.id = c.compound_id
            """),
        ("owners_committees", "id", "compound_id, formed_on, dissolved_on, formed_under_party_lead", """
            SELECT k.community_id FROM {rows} r JOIN compounds k ON k.id = r.compound_id
            UNION SELECT k.community_id FROM {rows} r JOIN committee_seats s ON s.committee_id = r.id JOIN party_members m ON m.id = s.party_member_id JOIN compounds k ON k.id = m.compound_id
            """),
        ("committee_seats", "id", "committee_id, role, party_member_id, \"from\", until", """
            SELECT k.community_id FROM {rows} r JOIN owners_committees c ON c.id = r.committee_id JOIN compounds k ON k.id = c.compound_id
            UNION SELECT k.community_id FROM {rows} r JOIN party_members m ON m.id = r.party_member_id JOIN compounds k ON k.id = m.compound_id
            """),
        ("agreements", "id", "community_id, signed_on, ended_on", "SELECT community_id FROM {rows}"),
        ("activities", "id", "community_id, held_on", "SELECT community_id FROM {rows}"),
        ("projects", "id", "community_id, launched_on, completed_on", "SELECT community_id FROM {rows}"),
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
        return $$"""
            CREATE FUNCTION coverage_touch_{{table}}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Already to be rebuilt whole (a map being loaded): nothing to note.
                IF EXISTS (SELECT 1 FROM coverage_touched WHERE area_id = 0) THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO coverage_touched (area_id) SELECT * FROM ({{touches.Replace("{rows}", "new_rows", StringComparison.Ordinal)}}) t WHERE t IS NOT NULL ON CONFLICT DO NOTHING;
                ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO coverage_touched (area_id) SELECT * FROM ({{touches.Replace("{rows}", "old_rows", StringComparison.Ordinal)}}) t WHERE t IS NOT NULL ON CONFLICT DO NOTHING;
                ELSE
                    WITH changed AS MATERIALIZED ({{changed}})
                    INSERT INTO coverage_touched (area_id) SELECT * FROM ({{touches.Replace("{rows}", "changed", StringComparison.Ordinal)}}) t WHERE t IS NOT NULL ON CONFLICT DO NOTHING;
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

    public static readonly string Up = $$"""
        CREATE TABLE coverage_own_steps (area_id integer NOT NULL, day date NOT NULL, {{Definitions}}, PRIMARY KEY (area_id, day));
        CREATE TABLE coverage_steps (area_id integer NOT NULL, day date NOT NULL, {{Definitions}}, PRIMARY KEY (area_id, day));
        CREATE TABLE coverage_cross_corrections (
            member_id integer NOT NULL, area_id integer NOT NULL, day date NOT NULL, delta integer NOT NULL,
            PRIMARY KEY (member_id, area_id, day));
        -- The communities the open transaction changed rows of (0: everything, the areas changed).
        -- Keyed by transaction, so concurrent writers never wait on each other's rows here; a
        -- transaction's rows are gone before it commits.
        CREATE TABLE coverage_touched (
            xact xid8 NOT NULL DEFAULT pg_current_xact_id(), area_id integer NOT NULL, PRIMARY KEY (xact, area_id));

        -- Every counted fact of the areas given, with the days it counts on: the seed's figures
        -- (Coverage/CoverageRollup.cs, the reference) as sets of days instead of a day's count.
        -- "Active on a day" (Common/ActiveOn) is daterange(from, until): from included, until not,
        -- an open end unbounded; a fact that needs several things active holds on the
        -- intersection of their ranges, one that needs any of several on their union.
        -- VOLATILE, though it only reads: a STABLE SQL function is inlined into the refresh's
        -- statement, whose plan then took 8.4 s a write on the ×100 map against 2.8–3.0 s this way.
        CREATE FUNCTION coverage_facts(sources integer[])
        RETURNS TABLE (area_id integer, during datemultirange, figure integer, weight numeric)
        LANGUAGE sql VOLATILE AS $$
            WITH source_areas AS (SELECT DISTINCT id FROM unnest(sources) AS s(id)),
            source_compounds AS MATERIALIZED (
                SELECT c.id, c.community_id FROM compounds c JOIN source_areas s ON s.id = c.community_id),
            source_members AS MATERIALIZED (
                SELECT m.id, k.community_id, m.category, m.cadre_rank, m.reported_on,
                       daterange(coalesce(m.registered_on, '-infinity'), m.left_on) AS lives
                FROM source_compounds k JOIN party_members m ON m.compound_id = k.id),
            -- Seats held by party members on committees of the areas' compounds, while both hold.
            source_seats AS MATERIALIZED (
                SELECT s.party_member_id AS member_id, s.role, c.id AS committee_id, c.formed_under_party_lead,
                       k.id AS compound_id, k.community_id,
                       daterange(s."from", s.until) * daterange(c.formed_on, c.dissolved_on) AS held
                FROM source_compounds k JOIN owners_committees c ON c.compound_id = k.id JOIN committee_seats s ON s.committee_id = c.id
                WHERE s.party_member_id IS NOT NULL),
            -- A seated member's leading roles in organisations covering the seat's compound.
            leads AS (
                SELECT h.member_id, h.compound_id,
                       range_agg(daterange(r."from", r.until) * daterange(o.formed_on, o.dissolved_on) * daterange(oc.covered_from, oc.covered_until)) AS leading,
                       range_agg(daterange(r."from", r.until) * daterange(o.formed_on, o.dissolved_on) * daterange(oc.covered_from, oc.covered_until))
                           FILTER (WHERE r.kind = 'Secretary') AS as_secretary
                FROM (SELECT DISTINCT member_id, compound_id FROM source_seats) h
                JOIN party_roles r ON r.member_id = h.member_id AND r.kind IN ('Secretary', 'FirstSecretary', 'DeputySecretary', 'CommitteeMember')
                JOIN party_organizations o ON o.id = r.organization_id
                JOIN organization_compounds oc ON oc.organization_id = r.organization_id AND oc.compound_id = h.compound_id
                GROUP BY h.member_id, h.compound_id),
            cadres AS MATERIALIZED (
                SELECT id, community_id, cadre_rank, lives FROM source_members WHERE cadre_rank IN ('Department', 'Division', 'Section')),
            role_service AS (
                SELECT k.id, range_agg(daterange(r."from", r.until) * daterange(o.formed_on, o.dissolved_on)) AS held
                FROM cadres k JOIN party_roles r ON r.member_id = k.id JOIN party_organizations o ON o.id = r.organization_id
                GROUP BY k.id),
            seat_service AS (
                SELECT k.id, range_agg(daterange(s."from", s.until) * daterange(c.formed_on, c.dissolved_on)) AS held
                FROM cadres k JOIN committee_seats s ON s.party_member_id = k.id JOIN owners_committees c ON c.id = s.committee_id
                GROUP BY k.id)
            SELECT a.id, '{(,)}'::datemultirange, 1, 1::numeric FROM areas a JOIN source_areas s ON s.id = a.id WHERE a.level = 'Community'
            UNION ALL
            SELECT community_id, '{(,)}'::datemultirange, 2, 1 FROM source_compounds
            UNION ALL
            SELECT k.community_id, range_agg(daterange(oc.covered_from, oc.covered_until) * daterange(o.formed_on, o.dissolved_on)), 3, 1
            FROM source_compounds k JOIN organization_compounds oc ON oc.compound_id = k.id JOIN party_organizations o ON o.id = oc.organization_id
            GROUP BY k.id, k.community_id
            UNION ALL
            SELECT o.community_id, datemultirange(daterange(o.formed_on, o.dissolved_on)), f.figure, f.weight
            FROM party_organizations o JOIN source_areas s ON s.id = o.community_id
            CROSS JOIN LATERAL (VALUES (4, 1::numeric),
                (CASE o.formation WHEN 'Standalone' THEN 5 WHEN 'Joint' THEN 6 END, 1),
                (7, o.startup_funding_yuan)) AS f(figure, weight)
            WHERE f.figure IS NOT NULL
            UNION ALL
            SELECT community_id, datemultirange(lives * daterange(reported_on, NULL)), 8, 1
            FROM source_members WHERE category = 'InService' AND reported_on IS NOT NULL
            UNION ALL
            SELECT k.community_id, datemultirange(k.lives) * (coalesce(rs.held, '{}') + coalesce(ss.held, '{}')),
                   CASE k.cadre_rank WHEN 'Department' THEN 9 WHEN 'Division' THEN 10 ELSE 11 END, 1
            FROM cadres k LEFT JOIN role_service rs ON rs.id = k.id LEFT JOIN seat_service ss ON ss.id = k.id
            UNION ALL
            SELECT community_id, range_agg(held), 12, 1 FROM source_seats WHERE formed_under_party_lead GROUP BY committee_id, community_id
            UNION ALL
            SELECT s.community_id, datemultirange(s.held), f.figure, 1
            FROM source_seats s JOIN party_members m ON m.id = s.member_id
            CROSS JOIN LATERAL (VALUES (13), (CASE WHEN m.category = 'InService' THEN 14 END)) AS f(figure)
            WHERE f.figure IS NOT NULL
            UNION ALL
            SELECT s.community_id, datemultirange(s.held) * coalesce(l.as_secretary, '{}'), 15, 1
            FROM source_seats s LEFT JOIN leads l ON l.member_id = s.member_id AND l.compound_id = s.compound_id
            WHERE s.role = 'Director'
            UNION ALL
            SELECT s.community_id, range_agg(datemultirange(s.held) * coalesce(l.leading, '{}')), 16, 1
            FROM source_seats s LEFT JOIN leads l ON l.member_id = s.member_id AND l.compound_id = s.compound_id
            GROUP BY s.member_id, s.community_id
            UNION ALL
            SELECT g.community_id, datemultirange(daterange(g.signed_on, g.ended_on)), 17, 1 FROM agreements g JOIN source_areas s ON s.id = g.community_id
            UNION ALL
            SELECT v.community_id, datemultirange(daterange(v.held_on, NULL)), 18, 1 FROM activities v JOIN source_areas s ON s.id = v.community_id
            UNION ALL
            SELECT p.community_id, datemultirange(daterange(p.launched_on, NULL)), 19, 1 FROM projects p JOIN source_areas s ON s.id = p.community_id
            UNION ALL
            SELECT p.community_id, datemultirange(daterange(p.completed_on, NULL)), 20, 1 FROM projects p JOIN source_areas s ON s.id = p.community_id
            WHERE p.completed_on IS NOT NULL
        $$;

        -- The areas' own steps from their rows: +weight on the first day of each range of days a
        -- fact counts on, -weight on the first day after it.
        CREATE FUNCTION coverage_own_steps_from_rows(sources integer[])
        RETURNS TABLE (area_id integer, day date, {{Definitions.Replace(" NOT NULL", "", StringComparison.Ordinal)}})
        LANGUAGE sql STABLE AS $$
            {{OwnSteps}}
        $$;

        -- cross_appointed's corrections, for the members seated in the areas given and every member
        -- holding a correction now. R(m, A), the days member m is cross-appointed on a committee of
        -- area A or an area under it, is the union of m's seats' days there; the area's count is
        -- the sum over the areas under it of what each adds: its own seats' members, plus
        -- 1[R(m, A)] - 1[R(m, A's own seats)] - sum over A's children B of 1[R(m, B)] per member.
        -- That is zero unless m is seated under two of A's children on a day, so only members
        -- seated in two areas are computed.
        CREATE FUNCTION coverage_cross_corrections_from_rows(sources integer[])
        RETURNS TABLE (member_id integer, area_id integer, day date, delta integer)
        LANGUAGE sql STABLE AS $$
            WITH holders AS (
                SELECT s.party_member_id AS member_id
                FROM compounds k JOIN owners_committees c ON c.compound_id = k.id JOIN committee_seats s ON s.committee_id = c.id
                WHERE k.community_id = ANY (sources) AND s.party_member_id IS NOT NULL
                UNION SELECT member_id FROM coverage_cross_corrections),
            seats AS MATERIALIZED (
                SELECT s.party_member_id AS member_id, k.id AS compound_id, k.community_id AS area_id,
                       daterange(s."from", s.until) * daterange(c.formed_on, c.dissolved_on) AS held
                FROM holders h JOIN committee_seats s ON s.party_member_id = h.member_id
                JOIN owners_committees c ON c.id = s.committee_id JOIN compounds k ON k.id = c.compound_id),
            spread AS (SELECT member_id FROM seats GROUP BY member_id HAVING count(DISTINCT area_id) > 1),
            pieces AS MATERIALIZED (
                SELECT s.member_id, s.area_id, datemultirange(s.held) * coalesce((
                    SELECT range_agg(daterange(r."from", r.until) * daterange(o.formed_on, o.dissolved_on) * daterange(oc.covered_from, oc.covered_until))
                    FROM party_roles r JOIN party_organizations o ON o.id = r.organization_id
                    JOIN organization_compounds oc ON oc.organization_id = r.organization_id AND oc.compound_id = s.compound_id
                    WHERE r.member_id = s.member_id AND r.kind IN ('Secretary', 'FirstSecretary', 'DeputySecretary', 'CommitteeMember')), '{}') AS during
                FROM seats s JOIN spread USING (member_id)),
            within AS (
                SELECT p.member_id, a.id AS area_id, a.parent_id, range_agg(p.during) AS during
                FROM pieces p JOIN areas x ON x.id = p.area_id JOIN areas a ON {{Under}}
                GROUP BY p.member_id, a.id, a.parent_id),
            signed AS (
                SELECT member_id, area_id, during, 1 AS sign FROM within
                UNION ALL SELECT member_id, area_id, range_agg(during), -1 FROM pieces GROUP BY member_id, area_id
                UNION ALL SELECT member_id, parent_id, during, -1 FROM within WHERE parent_id IS NOT NULL)
            SELECT g.member_id, g.area_id, s.day, sum(s.delta)::integer
            FROM signed g
            CROSS JOIN LATERAL unnest(g.during) AS r(piece)
            CROSS JOIN LATERAL (VALUES (coalesce(lower(r.piece), '-infinity'::date), g.sign), (upper(r.piece), -g.sign)) AS s(day, delta)
            WHERE s.day IS NOT NULL
            GROUP BY g.member_id, g.area_id, s.day
            HAVING sum(s.delta) <> 0
        $$;

        -- Brings the steps of the areas given up to date with their rows: the difference between
        -- their steps from the rows and the stored ones is added to their own steps and to the
        -- steps of every area at or above them.
        CREATE FUNCTION coverage_ledger_refresh(sources integer[]) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            WITH own_delta AS MATERIALIZED (
                SELECT area_id, day, {{Sums}} FROM (
                    SELECT * FROM ({{OwnSteps}}) fresh
                    UNION ALL SELECT area_id, day, {{Negated}} FROM coverage_own_steps WHERE area_id = ANY (sources)) x
                GROUP BY area_id, day
                HAVING ({{Each((f, _) => $"sum({f.Name})")}}) <> ({{Zeros}})),
            correction_delta AS MATERIALIZED (
                SELECT member_id, area_id, day, sum(delta)::integer AS delta FROM (
                    SELECT * FROM coverage_cross_corrections_from_rows(sources)
                    UNION ALL SELECT member_id, area_id, day, -delta FROM coverage_cross_corrections) x
                GROUP BY member_id, area_id, day
                HAVING sum(delta) <> 0),
            own_written AS (
                INSERT INTO coverage_own_steps AS t SELECT * FROM own_delta
                ON CONFLICT (area_id, day) DO UPDATE SET {{Added}}),
            corrections_written AS (
                INSERT INTO coverage_cross_corrections AS t SELECT * FROM correction_delta
                ON CONFLICT (member_id, area_id, day) DO UPDATE SET delta = t.delta + excluded.delta)
            INSERT INTO coverage_steps AS t
            SELECT a.id, d.day, {{Each((f, _) => $"sum(d.{f.Name})")}}
            FROM (SELECT * FROM own_delta UNION ALL SELECT area_id, day, {{CorrectionAsRow}} FROM correction_delta) d
            JOIN areas x ON x.id = d.area_id JOIN areas a ON {{Under}}
            GROUP BY a.id, d.day
            ON CONFLICT (area_id, day) DO UPDATE SET {{Added}};

            DELETE FROM coverage_own_steps WHERE area_id = ANY (sources) AND ({{Columns}}) = ({{Zeros}});
            DELETE FROM coverage_cross_corrections WHERE delta = 0;
            DELETE FROM coverage_steps t USING areas x, areas a
            WHERE x.id = ANY (sources) AND {{Under}} AND t.area_id = a.id AND ({{Each((f, _) => $"t.{f.Name}")}}) = ({{Zeros}});
        END $$;

        -- The whole ledger from the rows: after a migration, a map load, or a change of the areas.
        -- The same steps as a refresh of every area would add, written straight into empty tables.
        CREATE FUNCTION coverage_ledger_rebuild() RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            every_area integer[] := ARRAY(SELECT id FROM areas);
            memory text := current_setting('work_mem');
        BEGIN
            -- Every row of the map is grouped at once: room to do it in memory.
            PERFORM set_config('work_mem', '256MB', true);
            DELETE FROM coverage_steps;
            DELETE FROM coverage_own_steps;
            DELETE FROM coverage_cross_corrections;
            INSERT INTO coverage_own_steps
            SELECT * FROM coverage_own_steps_from_rows(every_area) s WHERE ({{Each((f, _) => $"s.{f.Name}")}}) <> ({{Zeros}});
            INSERT INTO coverage_cross_corrections SELECT * FROM coverage_cross_corrections_from_rows(every_area);
            INSERT INTO coverage_steps
            SELECT a.id, d.day, {{Each((f, _) => $"sum(d.{f.Name})")}}
            FROM (SELECT * FROM coverage_own_steps UNION ALL SELECT area_id, day, {{CorrectionAsRow}} FROM coverage_cross_corrections) d
            JOIN areas x ON x.id = d.area_id JOIN areas a ON {{Under}}
            GROUP BY a.id, d.day
            -- In key order, so that an area's steps lie on few pages: a read is one short range.
            ORDER BY a.id, d.day;
            PERFORM set_config('work_mem', memory, true);
        END $$;

        -- At commit (deferred), once per transaction that touched anything: one writer at a time,
        -- so that under READ COMMITTED each sees the rows the previous one committed, and the
        -- differences they add never cross.
        CREATE FUNCTION coverage_ledger_catch_up() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            touched integer[];
            hash text := current_setting('enable_hashjoin');
            merge text := current_setting('enable_mergejoin');
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('coverage_ledger'));
            WITH taken AS (DELETE FROM coverage_touched RETURNING area_id)
            SELECT array_agg(DISTINCT area_id) INTO touched FROM taken;
            IF touched IS NULL THEN
                RETURN NULL;
            ELSIF 0 = ANY (touched) THEN
                PERFORM coverage_ledger_rebuild();
            ELSE
                -- A write touches a few communities: their rows are read through the indexes,
                -- whatever the planner guesses of an array of areas (ten), which with hash joins
                -- reads whole tables (×100: 12 s a write instead of well under one).
                PERFORM set_config('enable_hashjoin', 'off', true);
                PERFORM set_config('enable_mergejoin', 'off', true);
                PERFORM coverage_ledger_refresh(touched);
                PERFORM set_config('enable_hashjoin', hash, true);
                PERFORM set_config('enable_mergejoin', merge, true);
            END IF;
            RETURN NULL;
        END $$;
        CREATE CONSTRAINT TRIGGER tr_coverage_touched_catch_up AFTER INSERT ON coverage_touched
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION coverage_ledger_catch_up();

        CREATE FUNCTION coverage_touch_all() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO coverage_touched (area_id) VALUES (0) ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$;
        -- Areas added, removed or moved change which areas lie under which: rebuild.
        CREATE TRIGGER tr_areas_coverage AFTER INSERT OR DELETE OR UPDATE OF level, parent_id, path OR TRUNCATE ON areas
            FOR EACH STATEMENT EXECUTE FUNCTION coverage_touch_all();

        {{string.Concat(Sources.Select(TouchFunction))}}
        SELECT coverage_ledger_rebuild();
        """;

    public static readonly string Down = $$"""
        {{string.Concat(Sources.Select(s => $"DROP FUNCTION coverage_touch_{s.Table}() CASCADE;\n"))}}
        DROP TRIGGER tr_areas_coverage ON areas;
        DROP FUNCTION coverage_touch_all() CASCADE;
        DROP TABLE coverage_touched;
        DROP FUNCTION coverage_ledger_catch_up();
        DROP FUNCTION coverage_ledger_rebuild();
        DROP FUNCTION coverage_ledger_refresh(integer[]);
        DROP FUNCTION coverage_cross_corrections_from_rows(integer[]);
        DROP FUNCTION coverage_own_steps_from_rows(integer[]);
        DROP FUNCTION coverage_facts(integer[]);
        DROP TABLE coverage_cross_corrections;
        DROP TABLE coverage_steps;
        DROP TABLE coverage_own_steps;
        """;
}
