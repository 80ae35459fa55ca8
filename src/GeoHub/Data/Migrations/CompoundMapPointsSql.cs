#nullable enable

namespace GeoHub.Data.Migrations;

/// <summary>
/// What the compounds tiles draw below z12, stored ready to encode (BattleMap/CompoundPoints):
/// <list type="bullet">
/// <item><c>compound_map_points</c>: each compound's point (on its surface, in Web Mercator, the
/// tiles' own CRS, under a GiST index), its GraphQL id, its cell (below), and its coverage status
/// history: <c>changed_on</c> (the days its status changed, ascending), <c>statuses</c> (the
/// status from each of those days) and <c>status_from</c>, the same as the history tile's tag
/// ("YYYY-MM-DD STATUS", comma-separated; null: never covered).</item>
/// <item><c>compound_map_cells</c>: for tiles too dense to draw compound by compound, the
/// compounds merged by cell: a cell of zoom z is a tile of zoom z + 7, 4 pixels of a z tile as
/// MapLibre draws it (128 cells a side). Each cell holds how many compounds lie in it, their
/// centroid, the one compound's id when it holds one, and the worst status of its compounds on
/// every day (NONE before JOINT before STANDALONE: an uncovered compound is never hidden by its
/// covered neighbours) as a history of the same form. Zoom 11's cells are computed from the
/// points, each coarser zoom's from the four cells under each of its own.</item>
/// </list>
/// <para>
/// Derived data, a shortcut to the truth and never the truth: every row is computed from
/// compounds, organization_compounds and party_organizations (<c>compound_map_points_from_rows</c>,
/// then the cells from the points), and kept exact in the writer's transaction, as the coverage
/// ledger is (CoverageLedgerSql): statement triggers on those three tables note the compounds a
/// statement touched, and a deferred constraint trigger recomputes them from the rows at commit,
/// then the cells whose compounds changed. Triggers rather than a call in each write path because
/// there are many writers (the map loader's COPY, importCompounds through EF, the mutations' SQL,
/// <c>geohub apply</c>, the tests' fixtures) and a trigger cannot be forgotten by the next one.
/// </para>
/// </summary>
internal static class CompoundMapPointsSql
{
    // Tables the rows are computed from, the columns of theirs that matter, and the compounds a
    // changed row touches ({rows}: the statement's old or new rows, or the updated ones whose
    // columns changed). A compound deleted takes its point with it (ON DELETE CASCADE), whose own
    // trigger notes its cell; links deleted by a cascade touch their compounds through theirs.
    private static readonly (string Table, string? Key, string Read, string Touches)[] Sources =
    [
        ("compounds", "id", "boundary", "SELECT id FROM {rows}"),
        ("organization_compounds", null, "", "SELECT compound_id FROM {rows}"),
        ("party_organizations", "id", "formation, formed_on, dissolved_on",
            "SELECT l.compound_id FROM {rows} r JOIN organization_compounds l ON l.organization_id = r.id"),
    ];

    // Past this many compounds in one transaction (a map load, a bulk import), the refresh
    // recomputes every compound with hash joins over whole tables: per-compound index probes would
    // cost more, and the map loader drops the links' compound index while it copies.
    private const int WholeMapFrom = 10_000;

    // The finest zoom drawn from cells (tiles from z12 on draw polygons), and how many zooms finer
    // a cell is than its tile (2^7 = 128 cells a side). Cells of zoom 11 are tiles of zoom 18.
    private const int FinestCellZoom = 11;
    private const int CellZoomsBelowTile = 7;
    private const int PointCellZoom = FinestCellZoom + CellZoomsBelowTile;

    // Web Mercator's half-width (EPSG:3857's bounds): tile columns count from its west edge, rows
    // from its north edge.
    private const string Half = "20037508.342789244";

    private static string CellOf(string point) => $"""
        floor((ST_X({point}) + {Half}) / ({Half} * 2 / 2 ^ {PointCellZoom}))::integer,
        floor(({Half} - ST_Y({point})) / ({Half} * 2 / 2 ^ {PointCellZoom}))::integer
        """;

    private static string TouchFunction((string Table, string? Key, string Read, string Touches) source)
    {
        var (table, key, read, touches) = source;
        // An update touches only if it changed a column the rows are computed from (most writes
        // bump a row's version, or change what no tile shows).
        var changed = key is null
            ? "SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows"
            : $"""
                SELECT o.* FROM old_rows o JOIN new_rows n USING ({key}) WHERE ({Prefixed("o", read)}) IS DISTINCT FROM ({Prefixed("n", read)})
                UNION ALL SELECT n.* FROM old_rows o JOIN new_rows n USING ({key}) WHERE ({Prefixed("o", read)}) IS DISTINCT FROM ({Prefixed("n", read)})
                """;
        return $$"""
            CREATE FUNCTION compound_map_points_touch_{{table}}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM compound_map_points_note(ARRAY({{touches.Replace("{rows}", "new_rows", StringComparison.Ordinal)}}));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM compound_map_points_note(ARRAY({{touches.Replace("{rows}", "old_rows", StringComparison.Ordinal)}}));
                ELSE
                    PERFORM compound_map_points_note(ARRAY(WITH changed AS MATERIALIZED ({{changed}}) {{touches.Replace("{rows}", "changed", StringComparison.Ordinal)}}));
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER tr_{{table}}_map_points_insert AFTER INSERT ON {{table}} REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION compound_map_points_touch_{{table}}();
            CREATE TRIGGER tr_{{table}}_map_points_update AFTER UPDATE ON {{table}} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION compound_map_points_touch_{{table}}();
            CREATE TRIGGER tr_{{table}}_map_points_delete AFTER DELETE ON {{table}} REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION compound_map_points_touch_{{table}}();
            CREATE TRIGGER tr_{{table}}_map_points_truncate AFTER TRUNCATE ON {{table}}
                FOR EACH STATEMENT EXECUTE FUNCTION compound_map_points_touch_all();

            """;
    }

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{alias}.{c}"));

    // The rows of the compounds {chosen} lists (id, boundary), from their links and organisations.
    // The status on a day is the battle map's rule (Compounds/CompoundCoverage): the formation of
    // the lowest-id organisation whose link and whose own span are both active that day
    // (Common/ActiveOn: from included, until not, an open end unbounded), NONE without one.
    // Written here as ranges of days, a second derivation that the tests compare with the rule
    // written out: a link covers on the days of daterange(link) * daterange(organisation), so the
    // status can change only where such a range starts or ends, and on each of those days it is
    // the lowest-id range holding it. Days that change nothing are folded into the one before.
    private static string FromRows(string chosen) => $$"""
        WITH chosen AS MATERIALIZED ({{chosen}}),
        spans AS MATERIALIZED (
            SELECT l.compound_id, o.id AS organization_id, o.formation,
                   daterange(l.covered_from, l.covered_until) * daterange(o.formed_on, o.dissolved_on) AS span
            FROM chosen k JOIN organization_compounds l ON l.compound_id = k.id JOIN party_organizations o ON o.id = l.organization_id),
        edges AS (
            SELECT DISTINCT s.compound_id, e.day
            FROM spans s CROSS JOIN LATERAL (VALUES (lower(s.span)), (upper(s.span))) e(day)
            WHERE NOT isempty(s.span) AND e.day IS NOT NULL),
        status_on AS (
            SELECT DISTINCT ON (e.compound_id, e.day) e.compound_id, e.day,
                   CASE WHEN s.organization_id IS NULL THEN 'NONE' WHEN s.formation = 'Joint' THEN 'JOINT' ELSE 'STANDALONE' END AS status
            FROM edges e LEFT JOIN spans s ON s.compound_id = e.compound_id AND s.span @> e.day
            ORDER BY e.compound_id, e.day, s.organization_id),
        {{Histories("status_on", "compound_id")}}
        SELECT k.id, p.point, {{CellOf("p.point")}},
               -- The GraphQL global id (GraphQL/GlobalId, BattleMapSql.GlobalId): base64url of "Compound:id", no padding.
               rtrim(translate(encode(convert_to('Compound:' || k.id, 'UTF8'), 'base64'), E'+/\n', '-_'), '='),
               coalesce(h.changed_on, '{}'), coalesce(h.statuses, '{}'), h.status_from
        FROM chosen k
        CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(k.boundary), 3857) AS point) p
        LEFT JOIN histories h ON h.compound_id = k.id
        """;

    // "changes" and "histories" CTEs from {statuses} (key columns, day, status: the status from each
    // day on): the days whose status differs from the day before (NONE before the first), as the
    // arrays and the text the tiles carry. Histories are computed once (MATERIALIZED): under a
    // generic plan the rows of a parameter array are guessed at ten, and a nested loop then
    // recomputed every history for each cell (1,469 cells of a map load: 5.8 s instead of 0.1).
    // See MapCellsMaterializedHistories.
    private static string Histories(string statuses, string keys) => $"""
        changes AS (
            SELECT {keys}, day, status, lag(status, 1, 'NONE') OVER (PARTITION BY {keys} ORDER BY day) AS before
            FROM {statuses}),
        histories AS MATERIALIZED (
            SELECT {keys}, array_agg(day ORDER BY day) AS changed_on, array_agg(status ORDER BY day) AS statuses,
                   string_agg(to_char(day, 'YYYY-MM-DD') || ' ' || status, ',' ORDER BY day) AS status_from
            FROM changes WHERE status <> before GROUP BY {keys})
        """;

    // Cells from {members}: (z, cx, cy) the cell each member falls in, n how many
    // compounds it stands for, compound_id and global_id (of a member standing for one), x and y
    // its point, changed_on and statuses its history. A cell's worst status on a day counts its
    // members by status: each member is NONE before its first change, and each change moves it
    // from one status to the next; the cell is NONE while one member is, else JOINT while one
    // member is, else STANDALONE.
    private static string Cells(string members) => $$"""
        WITH members AS MATERIALIZED ({{members}}),
        cells AS (
            SELECT z, cx, cy, sum(n)::integer AS compounds, count(*) AS units, min(compound_id) AS compound_id, min(global_id) AS global_id,
                   sum(x * n) / sum(n) AS x, sum(y * n) / sum(n) AS y
            FROM members GROUP BY z, cx, cy),
        moves AS (
            SELECT m.z, m.cx, m.cy, d.day,
                   sum((d.status = 'NONE')::integer - (coalesce(m.statuses[d.i::integer - 1], 'NONE') = 'NONE')::integer) AS none,
                   sum((d.status = 'JOINT')::integer - (m.statuses[d.i::integer - 1] IS NOT DISTINCT FROM 'JOINT')::integer) AS joint
            FROM members m CROSS JOIN LATERAL unnest(m.changed_on, m.statuses) WITH ORDINALITY AS d(day, status, i)
            GROUP BY m.z, m.cx, m.cy, d.day),
        worst AS (
            SELECT v.z, v.cx, v.cy, v.day,
                   CASE WHEN c.units + sum(v.none) OVER w > 0 THEN 'NONE' WHEN sum(v.joint) OVER w > 0 THEN 'JOINT' ELSE 'STANDALONE' END AS status
            FROM moves v JOIN cells c USING (z, cx, cy)
            WINDOW w AS (PARTITION BY v.z, v.cx, v.cy ORDER BY v.day)),
        {{Histories("worst", "z, cx, cy")}}
        SELECT c.z::smallint, c.cx, c.cy, c.compounds,
               CASE WHEN c.compounds = 1 THEN c.compound_id END, CASE WHEN c.compounds = 1 THEN c.global_id END,
               ST_SetSRID(ST_MakePoint(c.x, c.y), 3857), coalesce(h.changed_on, '{}'), coalesce(h.statuses, '{}'), h.status_from
        FROM cells c LEFT JOIN histories h USING (z, cx, cy)
        """;

    // Members of the cells of zoom 11 from the points, and of a coarser zoom (the plpgsql variable
    // level) from the cells a zoom finer: all of them, or those under the cells due (the arrays
    // due_x and due_y), through the indexes.
    private const string Due = "unnest(due_x, due_y) AS d(cx, cy)";

    private static string PointMembers(bool all) => $"""
        SELECT level AS z, p.cell_x AS cx, p.cell_y AS cy, 1 AS n, p.compound_id, p.global_id, ST_X(p.point) AS x, ST_Y(p.point) AS y, p.changed_on, p.statuses
        FROM {(all ? "compound_map_points p" : $"{Due} JOIN compound_map_points p ON p.cell_x = d.cx AND p.cell_y = d.cy")}
        """;

    private static string FinerMembers(bool all) => $"""
        SELECT level AS z, f.cx >> 1 AS cx, f.cy >> 1 AS cy, f.compounds AS n, f.compound_id, f.global_id, ST_X(f.point) AS x, ST_Y(f.point) AS y, f.changed_on, f.statuses
        FROM {(all ? "compound_map_cells f" : $"{Due} JOIN compound_map_cells f ON f.cx BETWEEN d.cx * 2 AND d.cx * 2 + 1 AND f.cy BETWEEN d.cy * 2 AND d.cy * 2 + 1")}
        WHERE f.z = level + 1
        """;

    // The two functions whose plans MapCellsMaterializedHistories replaced (it runs them again).
    internal static readonly string FromRowsFunction = $$"""
        -- The rows of the compounds given (all when null). Two plans: every compound with hash joins
        -- over whole tables (a migration, a map load), or the few a write touched through the indexes.
        -- Planned once per session (generic plans), as the cells' refresh: their shape does not
        -- depend on the values, and planning them on every write cost more than running them
        -- (a write's cells 8–15 ms against 1–3 ms on the ×10 map).
        CREATE OR REPLACE FUNCTION compound_map_points_from_rows(compound_ids integer[])
        RETURNS TABLE (compound_id integer, point geometry, cell_x integer, cell_y integer, global_id text, changed_on date[], statuses text[], status_from text)
        LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
        #variable_conflict use_column
        BEGIN
            IF compound_ids IS NULL THEN
                RETURN QUERY {{FromRows("SELECT c.id, c.boundary FROM compounds c")}};
            ELSE
                RETURN QUERY {{FromRows("SELECT c.id, c.boundary FROM (SELECT DISTINCT unnest(compound_ids)) t(id) JOIN compounds c ON c.id = t.id")}};
            END IF;
        END $$;
        """;

    internal static readonly string CellsRefreshFunction = $$"""
        -- Brings the cells up to date: every cell (whole), or those over the zoom-11 cells noted
        -- by this transaction, zoom 11 first, each coarser zoom from the one under it. A cell left
        -- without compounds is gone.
        CREATE OR REPLACE FUNCTION compound_map_cells_refresh(whole boolean) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
        DECLARE
            level integer;
            due_x integer[];
            due_y integer[];
        BEGIN
            IF whole THEN
                DELETE FROM compound_map_cells;
                level := {{FinestCellZoom}};
                INSERT INTO compound_map_cells {{Cells(PointMembers(all: true))}};
                FOR level IN REVERSE {{FinestCellZoom - 1}}..0 LOOP
                    INSERT INTO compound_map_cells {{Cells(FinerMembers(all: true))}};
                END LOOP;
                RETURN;
            END IF;
            SELECT array_agg(t.cx), array_agg(t.cy) INTO due_x, due_y
            FROM (SELECT DISTINCT cx, cy FROM compound_map_cells_touched WHERE xact = pg_current_xact_id()) t;
            DELETE FROM compound_map_cells_touched WHERE xact = pg_current_xact_id();
            IF due_x IS NULL THEN
                RETURN;
            END IF;
            FOR level IN REVERSE {{FinestCellZoom}}..0 LOOP
                IF level < {{FinestCellZoom}} THEN
                    -- The cells a zoom coarser: each holds the four under it.
                    SELECT array_agg(t.cx), array_agg(t.cy) INTO due_x, due_y
                    FROM (SELECT DISTINCT u.cx >> 1 AS cx, u.cy >> 1 AS cy FROM unnest(due_x, due_y) AS u(cx, cy)) t;
                END IF;
                DELETE FROM compound_map_cells c USING {{Due}} WHERE c.z = level AND c.cx = d.cx AND c.cy = d.cy;
                IF level = {{FinestCellZoom}} THEN
                    INSERT INTO compound_map_cells {{Cells(PointMembers(all: false))}};
                ELSE
                    INSERT INTO compound_map_cells {{Cells(FinerMembers(all: false))}};
                END IF;
            END LOOP;
        END $$;
        """;

    public static readonly string Up = $$"""
        CREATE TABLE compound_map_points (
            compound_id integer PRIMARY KEY REFERENCES compounds (id) ON DELETE CASCADE,
            point geometry(Point, 3857) NOT NULL,
            cell_x integer NOT NULL,
            cell_y integer NOT NULL,
            global_id text NOT NULL,
            changed_on date[] NOT NULL,
            statuses text[] NOT NULL,
            status_from text,
            CHECK (cardinality(changed_on) = cardinality(statuses)));
        CREATE INDEX ix_compound_map_points_point ON compound_map_points USING gist (point);
        CREATE INDEX ix_compound_map_points_cell ON compound_map_points (cell_x, cell_y);

        CREATE TABLE compound_map_cells (
            z smallint NOT NULL,
            cx integer NOT NULL,
            cy integer NOT NULL,
            compounds integer NOT NULL CHECK (compounds > 0),
            compound_id integer,
            global_id text,
            point geometry(Point, 3857) NOT NULL,
            changed_on date[] NOT NULL,
            statuses text[] NOT NULL,
            status_from text,
            PRIMARY KEY (z, cx, cy),
            CHECK (cardinality(changed_on) = cardinality(statuses)));

        -- The compounds the open transaction touched, and the cells of zoom 11 whose points
        -- changed. Keyed by transaction, so concurrent writers never wait on each other's rows
        -- here; a transaction's rows are gone before it commits. Two compound ids are marks, not
        -- compounds: 0, written once per transaction, is the one row that queues the catch-up at
        -- commit (so a statement touching 100,000 compounds queues one event, not 100,000); -1
        -- asks for every compound (a TRUNCATE, or a bulk write: see WholeMapFrom). A cell (-1, -1)
        -- asks for every cell.
        CREATE TABLE compound_map_points_touched (
            xact xid8 NOT NULL DEFAULT pg_current_xact_id(), compound_id integer NOT NULL, PRIMARY KEY (xact, compound_id));
        CREATE TABLE compound_map_cells_touched (
            xact xid8 NOT NULL DEFAULT pg_current_xact_id(), cx integer NOT NULL, cy integer NOT NULL, PRIMARY KEY (xact, cx, cy));

        {{FromRowsFunction}}

        -- Brings the points of the compounds given (all when null) up to date; rows that would not
        -- change are not written (and so touch no cell).
        CREATE FUNCTION compound_map_points_refresh(compound_ids integer[]) RETURNS void LANGUAGE sql AS $$
            INSERT INTO compound_map_points AS t
            SELECT * FROM compound_map_points_from_rows(compound_ids)
            ON CONFLICT (compound_id) DO UPDATE
            SET point = excluded.point, cell_x = excluded.cell_x, cell_y = excluded.cell_y, global_id = excluded.global_id,
                changed_on = excluded.changed_on, statuses = excluded.statuses, status_from = excluded.status_from
            WHERE (t.point::bytea, t.global_id, t.changed_on, t.statuses, t.status_from)
                IS DISTINCT FROM (excluded.point::bytea, excluded.global_id, excluded.changed_on, excluded.statuses, excluded.status_from);
        $$;

        {{CellsRefreshFunction}}

        -- Every cell computed straight from the points, each zoom on its own (not from the zoom
        -- under it, as the refresh does): what geohub check-map-points compares the cells with.
        CREATE FUNCTION compound_map_cells_from_points()
        RETURNS TABLE (z smallint, cx integer, cy integer, compounds integer, compound_id integer, global_id text, point geometry, changed_on date[], statuses text[], status_from text)
        LANGUAGE sql STABLE AS $$
            {{Cells($"""
                SELECT l.z, p.cell_x >> ({FinestCellZoom} - l.z) AS cx, p.cell_y >> ({FinestCellZoom} - l.z) AS cy, 1 AS n,
                       p.compound_id, p.global_id, ST_X(p.point) AS x, ST_Y(p.point) AS y, p.changed_on, p.statuses
                FROM compound_map_points p CROSS JOIN generate_series(0, {FinestCellZoom}) AS l(z)
                """)}}
        $$;

        CREATE FUNCTION compound_map_points_note(compound_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(cardinality(compound_ids), 0) = 0
               OR EXISTS (SELECT 1 FROM compound_map_points_touched WHERE xact = pg_current_xact_id() AND compound_id = -1) THEN
                RETURN;
            ELSIF cardinality(compound_ids) > {{WholeMapFrom}} THEN
                INSERT INTO compound_map_points_touched (compound_id) VALUES (-1), (0) ON CONFLICT DO NOTHING;
            ELSE
                INSERT INTO compound_map_points_touched (compound_id)
                SELECT DISTINCT id FROM unnest(compound_ids) AS t(id) WHERE id IS NOT NULL ORDER BY id ON CONFLICT DO NOTHING;
                INSERT INTO compound_map_points_touched (compound_id) VALUES (0) ON CONFLICT DO NOTHING;
            END IF;
        END $$;

        CREATE FUNCTION compound_map_points_touch_all() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO compound_map_points_touched (compound_id) VALUES (-1), (0) ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$;

        -- The cells of the points a statement wrote or removed (through a refresh, or a compound
        -- deleted with its point), to be brought up to date at commit.
        CREATE FUNCTION compound_map_cells_note() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM compound_map_cells_touched WHERE xact = pg_current_xact_id() AND cx = -1) THEN
                RETURN NULL;
            ELSIF TG_OP = 'TRUNCATE' THEN
                INSERT INTO compound_map_cells_touched (cx, cy) VALUES (-1, -1) ON CONFLICT DO NOTHING;
            ELSIF TG_OP = 'DELETE' THEN
                INSERT INTO compound_map_cells_touched (cx, cy) SELECT DISTINCT cell_x, cell_y FROM old_rows ON CONFLICT DO NOTHING;
            ELSIF (SELECT count(*) FROM new_rows) > {{WholeMapFrom}} THEN
                INSERT INTO compound_map_cells_touched (cx, cy) VALUES (-1, -1) ON CONFLICT DO NOTHING;
            ELSE
                INSERT INTO compound_map_cells_touched (cx, cy) SELECT DISTINCT cell_x, cell_y FROM new_rows ON CONFLICT DO NOTHING;
                IF TG_OP = 'UPDATE' THEN
                    INSERT INTO compound_map_cells_touched (cx, cy) SELECT DISTINCT cell_x, cell_y FROM old_rows ON CONFLICT DO NOTHING;
                END IF;
            END IF;
            INSERT INTO compound_map_points_touched (compound_id) VALUES (0) ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$;
        CREATE TRIGGER tr_compound_map_points_insert AFTER INSERT ON compound_map_points REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION compound_map_cells_note();
        CREATE TRIGGER tr_compound_map_points_update AFTER UPDATE ON compound_map_points REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION compound_map_cells_note();
        CREATE TRIGGER tr_compound_map_points_delete AFTER DELETE ON compound_map_points REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION compound_map_cells_note();
        CREATE TRIGGER tr_compound_map_points_truncate AFTER TRUNCATE ON compound_map_points
            FOR EACH STATEMENT EXECUTE FUNCTION compound_map_cells_note();

        -- At commit (deferred), once per transaction that touched a compound. It takes the coverage
        -- ledger's lock (CoverageLedgerSql), held to the commit: one writer at a time, so that under
        -- READ COMMITTED each refresh reads the rows the previous writer committed (two writers
        -- linking the same compound each see the other's link) and their rows never cross. The
        -- ledger's lock rather than one of its own: a transaction runs both catch-ups in whichever
        -- order its writes queued them, and two locks taken in either order could deadlock.
        CREATE FUNCTION compound_map_points_catch_up() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            touched integer[];
            every_cell boolean;
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('coverage_ledger'));
            WITH taken AS (DELETE FROM compound_map_points_touched WHERE xact = pg_current_xact_id() RETURNING compound_id)
            SELECT array_agg(compound_id) FILTER (WHERE compound_id <> 0) INTO touched FROM taken;
            IF -1 = ANY (touched) OR cardinality(touched) > {{WholeMapFrom}} THEN
                PERFORM compound_map_points_refresh(NULL);
            ELSIF touched IS NOT NULL THEN
                PERFORM compound_map_points_refresh(touched);
            END IF;
            -- The points written just now noted their cells (and the mark, which queued one more
            -- catch-up that will find nothing: it is taken here).
            DELETE FROM compound_map_points_touched WHERE xact = pg_current_xact_id();
            SELECT count(*) > {{WholeMapFrom}} OR bool_or(cx = -1) INTO every_cell FROM compound_map_cells_touched WHERE xact = pg_current_xact_id();
            IF every_cell THEN
                DELETE FROM compound_map_cells_touched WHERE xact = pg_current_xact_id();
                PERFORM compound_map_cells_refresh(true);
            ELSIF every_cell IS NOT NULL THEN
                PERFORM compound_map_cells_refresh(false);
            END IF;
            RETURN NULL;
        END $$;
        CREATE CONSTRAINT TRIGGER tr_compound_map_points_catch_up AFTER INSERT ON compound_map_points_touched
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.compound_id = 0) EXECUTE FUNCTION compound_map_points_catch_up();

        {{string.Concat(Sources.Select(TouchFunction))}}
        SELECT compound_map_points_refresh(NULL);
        DELETE FROM compound_map_points_touched;
        DELETE FROM compound_map_cells_touched;
        SELECT compound_map_cells_refresh(true);
        ANALYZE compound_map_points, compound_map_cells;
        """;

    public static readonly string Down = $$"""
        {{string.Concat(Sources.Select(s => $"DROP FUNCTION compound_map_points_touch_{s.Table}() CASCADE;\n"))}}
        DROP FUNCTION compound_map_points_touch_all() CASCADE;
        DROP TABLE compound_map_points_touched;
        DROP TABLE compound_map_cells_touched;
        DROP FUNCTION compound_map_points_catch_up();
        DROP FUNCTION compound_map_points_note(integer[]);
        DROP FUNCTION compound_map_cells_refresh(boolean);
        DROP FUNCTION compound_map_points_refresh(integer[]);
        DROP FUNCTION compound_map_points_from_rows(integer[]);
        DROP FUNCTION compound_map_cells_from_points();
        DROP TABLE compound_map_cells;
        DROP TABLE compound_map_points;
        DROP FUNCTION compound_map_cells_note();
        """;
}
