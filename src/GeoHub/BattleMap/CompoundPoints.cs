using Npgsql;

namespace GeoHub.BattleMap;

/// <summary>
/// The compounds tiles below <see cref="TileQueries.FullCompoundsFromZoom"/>, drawn from what is
/// stored for them (Data/Migrations/CompoundMapPointsSql: kept exact by triggers in every write's
/// transaction): a tile is one index scan, with no join and nothing computed per compound but its
/// place in the tile.
/// <list type="bullet">
/// <item>A tile of at most <see cref="BattleMapOptions.MaxCompoundsPerTile"/> compounds draws each
/// as a point on its surface with its <c>id</c> and status (<c>compound_map_points</c>).</item>
/// <item>A denser one draws the compounds merged by cell (<c>compound_map_cells</c>: 4 pixels of
/// the tile as MapLibre draws it, 128 cells a side, so at most 16,384 features): a dot at the
/// centroid of the cell's compounds with <c>count</c>, how many it stands for, and the worst
/// status of any of them (NONE before JOINT before STANDALONE: an uncovered compound is never
/// hidden by covered ones). A cell of one compound is that compound, with its <c>id</c>.</item>
/// </list>
/// The tiles of ×1 and ×10 maps never pass the limit (the ×10 city is 14,690 compounds); a ×100
/// z10 tile over 新罗区 holds 65,000 of them, a few to each pixel, whose tile took ~0.2 s of
/// database CPU and 3 MB, and made the browser set a feature state for each.
/// </summary>
public static class CompoundPoints
{
    /// <summary>The dated layer's tile: <c>coverageStatus</c> on <c>@day</c>.</summary>
    internal static readonly string DatedTileSql = Tile(p => $"coalesce({p}.statuses[width_bucket(@day, {p}.changed_on)], 'NONE') AS \"coverageStatus\"");

    /// <summary>The page's layer: <c>statusFrom</c>, every day at once.</summary>
    internal static readonly string HistoryTileSql = Tile(p => $"{p}.status_from AS \"statusFrom\"");

    // The cells of tile (z, x, y) are the tiles of zoom z + 7 under it.
    private const string CellsInTile = "c.z = @z AND c.cx BETWEEN @x * 128 AND @x * 128 + 127 AND c.cy BETWEEN @y * 128 AND @y * 128 + 127";

    // A cell's feature id: above every compound id and unique across zooms (cx and cy < 2^18, so
    // below 2^48: exact in JavaScript, where MapLibre keeps feature ids as numbers).
    private const string CellFeatureId = "(1::bigint << 47) + (c.z::bigint << 40) + (c.cx::bigint << (c.z + 7)) + c.cy";

    // The status on the day from a stored history is the entry of the last change on or before it
    // (width_bucket: a binary search of the ascending days, 0 before the first), NONE before any.
    private static string Tile(Func<string, string> status) => $"""
        WITH tile AS (SELECT ST_TileEnvelope(@z, @x, @y) AS mercator),
        dense AS (SELECT coalesce(sum(c.compounds), 0) > @most AS yes FROM compound_map_cells c WHERE {CellsInTile})
        SELECT ST_AsMVT(f, 'compounds', 4096, 'geom', 'fid')
        FROM (
            SELECT p.compound_id::bigint AS fid, ST_AsMVTGeom(p.point, (SELECT mercator FROM tile), 4096, 0, false) AS geom,
                   p.global_id AS id, NULL::integer AS count, {status("p")}
            FROM compound_map_points p
            WHERE NOT (SELECT yes FROM dense) AND p.point && (SELECT mercator FROM tile)
            UNION ALL
            SELECT coalesce(c.compound_id, {CellFeatureId}), ST_AsMVTGeom(c.point, (SELECT mercator FROM tile), 4096, 0, false),
                   c.global_id, nullif(c.compounds, 1), {status("c")}
            FROM compound_map_cells c
            WHERE (SELECT yes FROM dense) AND {CellsInTile}
        ) f
        WHERE f.geom IS NOT NULL
        """;

    /// <summary>Binds the low-zoom tile's parameters (z, x, y and the density limit).</summary>
    internal static void Bind(NpgsqlCommand command, int z, int x, int y, int maxCompoundsPerTile)
    {
        command.Parameters.AddWithValue("z", z);
        command.Parameters.AddWithValue("x", x);
        command.Parameters.AddWithValue("y", y);
        command.Parameters.AddWithValue("most", maxCompoundsPerTile);
    }

    // Every stored point against the same computed from the compounds, links and organisations
    // now, and every stored cell against the cells computed straight from the points, each zoom on
    // its own (the refresh builds a zoom from the one under it; a centroid may differ there in its
    // last bits, so points are compared to a micrometre). A row missing, one left over (a
    // compound gone) and one that differs are all differences.
    private const string DifferencesSql = """
        WITH fresh AS MATERIALIZED (SELECT * FROM compound_map_points_from_rows(NULL))
        SELECT 'compound ' || coalesce(f.compound_id, s.compound_id),
               CASE WHEN s.compound_id IS NULL THEN 'missing' WHEN f.compound_id IS NULL THEN 'left over' ELSE 'differs' END,
               s.status_from, f.status_from
        FROM fresh f FULL JOIN compound_map_points s ON s.compound_id = f.compound_id
        WHERE (s.point::bytea, s.cell_x, s.cell_y, s.global_id, s.changed_on, s.statuses, s.status_from)
              IS DISTINCT FROM (f.point::bytea, f.cell_x, f.cell_y, f.global_id, f.changed_on, f.statuses, f.status_from)
        UNION ALL
        SELECT format('cell %s/%s/%s', coalesce(f.z, s.z), coalesce(f.cx, s.cx), coalesce(f.cy, s.cy)),
               CASE WHEN s.z IS NULL THEN 'missing' WHEN f.z IS NULL THEN 'left over' ELSE 'differs' END,
               s.status_from, f.status_from
        FROM compound_map_cells_from_points() f FULL JOIN compound_map_cells s USING (z, cx, cy)
        WHERE s.z IS NULL OR f.z IS NULL
           OR (s.compounds, s.compound_id, s.global_id, s.changed_on, s.statuses, s.status_from)
              IS DISTINCT FROM (f.compounds, f.compound_id, f.global_id, f.changed_on, f.statuses, f.status_from)
           OR NOT ST_DWithin(s.point, f.point, 1e-6)
        ORDER BY 1
        """;

    /// <summary>
    /// Where the stored points and cells differ from what the rows give now (nothing, when the
    /// triggers did their work): "compound 12: differs: stored '…', from the rows '…'".
    /// </summary>
    public static async Task<List<string>> DifferencesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(DifferencesSql);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<string> differences = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = reader.IsDBNull(2) ? "" : reader.GetString(2);
            var fresh = reader.IsDBNull(3) ? "" : reader.GetString(3);
            differences.Add($"{reader.GetString(0)}: {reader.GetString(1)}: stored '{stored}', from the rows '{fresh}'");
        }

        return differences;
    }
}
