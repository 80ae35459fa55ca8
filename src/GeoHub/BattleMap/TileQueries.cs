using GeoHub.Common;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.BattleMap;

/// <summary>
/// Mapbox vector tiles of the battle map's layers, made by PostGIS (ST_AsMVT). Features carry the
/// same properties as the battle map's GeoJSON (ST_AsMVT spreads a jsonb column into tags and
/// leaves nulls out, as MVT has no null), except compounds below <see cref="FullCompoundsFromZoom"/>:
/// there a compound is a point with its id and coverage status only, drawn from what is stored
/// for those tiles (<see cref="CompoundPoints"/>; merged by 4-pixel cells in a tile too dense).
/// </summary>
public static class TileQueries
{
    public const int MaxZoom = 22;

    public static readonly IReadOnlyList<string> Layers = ["compounds", "areas", "venues", "units"];

    /// <summary>
    /// From this zoom on, compounds are polygons with every property of the battle map; below it
    /// a compound is 1–3 pixels, and a z10 tile over 新罗区 on the ×10 map holds 6,575 of them:
    /// encoding their polygons and nine tags each cost ~250 ms of database CPU, a point with two
    /// tags, computed per compound, ~70 ms, and read from the stored points ~15 ms (BENCHMARKS.md,
    /// "Maps at scale"). A client reads the rest by the id (GraphQL).
    /// </summary>
    public const int FullCompoundsFromZoom = 12;

    // The tile is cut in Web Mercator, but rows are chosen against the envelope transformed to
    // 4326, the columns' own CRS: a predicate on ST_Transform(column) could not use the GiST index
    // on the column. A Mercator tile is a lon/lat rectangle, so the transformed envelope is exact.
    //
    // Points are geography, whose index answers ST_DWithin but not geometry predicates: a disc
    // around the tile's centre through its farthest corner (the farthest point of a lon/lat
    // rectangle from any point inside is a corner; 1% + 10 m covers sphere versus spheroid)
    // selects with the index, ST_Intersects on the geometry then keeps exactly the tile's points.
    private const string TileCte = """
        WITH tile AS (
            SELECT t.mercator, t.lonlat, ST_Centroid(t.lonlat)::geography AS centre,
                   GREATEST(
                       ST_Distance(ST_Centroid(t.lonlat)::geography, ST_SetSRID(ST_MakePoint(ST_XMin(t.lonlat), ST_YMin(t.lonlat)), 4326)::geography),
                       ST_Distance(ST_Centroid(t.lonlat)::geography, ST_SetSRID(ST_MakePoint(ST_XMin(t.lonlat), ST_YMax(t.lonlat)), 4326)::geography)
                   ) * 1.01 + 10 AS radius
            FROM (SELECT ST_TileEnvelope(@z, @x, @y) AS mercator, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326) AS lonlat) t
        )
        """;

    private const string InTile = "(SELECT lonlat FROM tile)";

    // The lon/lat tile is an axis-aligned rectangle, so a polygon whose bounding box lies inside
    // it intersects it: only those crossing its edges need the exact (and far dearer) test.
    private const string CompoundInTile = $"c.boundary && {InTile} AND (c.boundary @ {InTile} OR ST_Intersects(c.boundary, {InTile}))";

    private static string PointsInTile(string location) =>
        $"ST_DWithin({location}, (SELECT centre FROM tile), (SELECT radius FROM tile)) AND ST_Intersects({location}::geometry, {InTile})";

    private static string Mvt(string layer, string rows) => $"""
        {TileCte}
        SELECT ST_AsMVT(f, '{layer}', 4096, 'geom', 'id')
        FROM (
            SELECT r.id, ST_AsMVTGeom(ST_Transform(r.geom, 3857), (SELECT mercator FROM tile), 4096, 64, true) AS geom, r.properties
            FROM ({rows}) r
        ) f
        WHERE f.geom IS NOT NULL
        """;

    private static readonly Dictionary<string, string> SqlByLayer = new()
    {
        // Typed columns, not a jsonb column: ST_AsMVT encodes them several times faster. The
        // feature id is the row id (fid), so that the tag "id" can hold the GraphQL global id.
        ["compounds"] = $"""
            {TileCte}
            SELECT ST_AsMVT(f, 'compounds', 4096, 'geom', 'fid')
            FROM (
                SELECT r.id AS fid, ST_AsMVTGeom(ST_Transform(r.boundary, 3857), (SELECT mercator FROM tile), 4096, 64, true) AS geom,
                       'compound' AS layer, r.global_id AS id, r.name, r.households, r.coverage_status AS "coverageStatus",
                       r.organization, r.red_committee AS "redCommittee", r.agreements, r.venue_distance_meters AS "venueDistanceMeters"
                FROM ({BattleMapSql.CompoundColumns(CompoundInTile)}) r
            ) f
            WHERE f.geom IS NOT NULL
            """,
        ["areas"] = Mvt("areas", $"""
            SELECT id, boundary AS geom, properties
            FROM ({BattleMapSql.AreaFeatures($"a.level = @level AND ST_Intersects(a.boundary, {InTile})")}) a
            """),
        ["venues"] = Mvt("venues", $"""
            SELECT v.id, v.location::geometry AS geom, jsonb_build_object(
                'layer', 'venue',
                'id', {BattleMapSql.GlobalId("Venue", "v.id")},
                'name', v.name,
                'level', upper(v.level),
                'capacity', v.capacity,
                'floorAreaSqm', v.floor_area_sqm,
                'open', {NearestVenues.VenueOpen("v")}) AS properties
            FROM venues v
            WHERE {PointsInTile("v.location")}
            """),
        ["units"] = Mvt("units", $"""
            SELECT u.id, u.location::geometry AS geom, jsonb_build_object(
                'layer', 'unit',
                'id', {BattleMapSql.GlobalId("CoBuildingUnit", "u.id")},
                'name', u.name,
                'kind', upper(regexp_replace(u.kind, '([a-z])([A-Z])', '\1_\2', 'g')),
                'agreements', (
                    SELECT count(*) FROM agreements ag
                    WHERE ag.unit_id = u.id AND {ActiveOn.Sql("ag.signed_on", "ag.ended_on")})) AS properties
            FROM co_building_units u
            WHERE {PointsInTile("u.location")}
            """),
    };

    /// <summary>Which areas the areas layer outlines at a zoom: districts, then streets, then communities.</summary>
    public static string AreaLevelAt(int z) => z switch
    {
        <= 9 => "District",
        <= 12 => "Street",
        _ => "Community",
    };

    public static bool IsValid(int z, int x, int y) =>
        z is >= 0 and <= MaxZoom && x >= 0 && y >= 0 && x < 1L << z && y < 1L << z;

    /// <summary>The tile's bytes; empty when no feature falls in it.</summary>
    public static async Task<byte[]> TileAsync(
        NpgsqlDataSource dataSource, string layer, int z, int x, int y, DateOnly day, int maxCompoundsPerTile, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        if (layer == "compounds" && z < FullCompoundsFromZoom)
        {
            command.CommandText = CompoundPoints.DatedTileSql;
            CompoundPoints.Bind(command, z, x, y, maxCompoundsPerTile);
        }
        else
        {
            command.CommandText = SqlByLayer[layer];
            command.Parameters.AddWithValue("z", z);
            command.Parameters.AddWithValue("x", x);
            command.Parameters.AddWithValue("y", y);
            command.Parameters.AddWithValue("level", AreaLevelAt(z));
        }

        command.Parameters.AddWithValue("day", NpgsqlDbType.Date, day);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
    }
}
