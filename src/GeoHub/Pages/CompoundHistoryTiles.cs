using System.Globalization;
using GeoHub.BattleMap;
using GeoHub.Data;
using GeoHub.GraphQL;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GeoHub.Pages;

/// <summary>
/// The battle map page's compounds layer: GET /tiles/compound-history/{z}/{x}/{y}.mvt, one tile for
/// every day. Each compound carries its id, name and <c>statusFrom</c>, its coverage status history
/// as "YYYY-MM-DD STATUS" entries (comma-separated, oldest first; NONE before the first), so the page
/// colours the map for any day from the tiles it already holds: a date change asks for no tile.
/// Below <see cref="TileQueries.FullCompoundsFromZoom"/> a compound is a point with its id and
/// history, as the dated compounds tiles draw it there (a compound is a few pixels; the page draws
/// circles, and its panel reads the name by GraphQL).
/// Tiles are cached per map version, as <see cref="TileCache"/> does for the dated layers.
/// </summary>
public static class CompoundHistoryTiles
{
    public const string Layer = "compounds";

    // Each compound's history is stored with it (compound_map_points, kept exact by triggers from
    // the links and organisations by the battle map's covering rule, so the history and the dated
    // layers cannot disagree). Below z12 the tile is a point per compound read from that table
    // alone (BattleMap/CompoundPoints); from z12 on the compounds are polygons with their names,
    // chosen against the tile's envelope in 4326 (the column's CRS, so the GiST index serves),
    // and only compounds whose box crosses the envelope's edge take the exact test.
    private static readonly string Sql = $"""
        WITH tile AS (SELECT ST_TileEnvelope(@z, @x, @y) AS mercator, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326) AS lonlat)
        SELECT ST_AsMVT(f, '{Layer}', 4096, 'geom', 'fid')
        FROM (
            SELECT c.id AS fid, ST_AsMVTGeom(ST_Transform(c.boundary, 3857), t.mercator, 4096, 64, true) AS geom,
                   p.global_id AS id, c.name, p.status_from AS "statusFrom"
            FROM tile t
            JOIN compounds c ON c.boundary && t.lonlat AND (c.boundary @ t.lonlat OR ST_Intersects(c.boundary, t.lonlat))
            JOIN compound_map_points p ON p.compound_id = c.id
        ) f
        WHERE f.geom IS NOT NULL
        """;

    // As the dated tiles: a write shows within minutes, and the page asks again with a new ?v= on
    // every change it is told of.
    private const string CacheControl = "public, max-age=300";

    public static IEndpointRouteBuilder MapCompoundHistoryTiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/tiles/compound-history/{z}/{x}/{y}.mvt", TileAsync);
        return endpoints;
    }

    private static async Task<IResult> TileAsync(
        string z, string x, string y, HttpContext http, CompoundHistoryTileCache tiles, DatabaseRoutes routes, IOptions<DatabaseFaults> faults, CancellationToken cancellationToken)
    {
        if (!TryParse(z, out var zoom) || !TryParse(x, out var column) || !TryParse(y, out var row) || !TileQueries.IsValid(zoom, column, row))
        {
            return Results.Json(
                new { code = ErrorCodes.InvalidArgument, message = $"No tile {z}/{x}/{y}: z is 0–{TileQueries.MaxZoom}, x and y 0 to 2^z − 1." },
                statusCode: StatusCodes.Status400BadRequest);
        }

        byte[] tile;
        try
        {
            // Drawn to completion even when the client goes away, as the map tiles are (BattleMapEndpoints).
            tile = await DatabaseRetry.ReadAsync(routes, faults.Value, _ => tiles.GetAsync(zoom, column, row, CancellationToken.None), cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            http.Response.Headers.RetryAfter = faults.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(
                new { code = ErrorCodes.DatabaseUnavailable, message = $"The database is unavailable; try again in {faults.Value.RetryAfterSeconds} s." },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        http.Response.Headers.CacheControl = CacheControl;
        return tile.Length == 0 ? Results.NoContent() : Results.Bytes(tile, BattleMapEndpoints.MvtContentType);
    }

    private static bool TryParse(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The tile's bytes; empty when no compound falls in it.</summary>
    public static async Task<byte[]> ReadAsync(NpgsqlDataSource dataSource, int z, int x, int y, int maxCompoundsPerTile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand();
        if (z < TileQueries.FullCompoundsFromZoom)
        {
            command.CommandText = CompoundPoints.HistoryTileSql;
            CompoundPoints.Bind(command, z, x, y, maxCompoundsPerTile);
        }
        else
        {
            command.CommandText = Sql;
            command.Parameters.AddWithValue("z", z);
            command.Parameters.AddWithValue("x", x);
            command.Parameters.AddWithValue("y", y);
        }

        return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
    }
}

/// <summary>History tiles kept in memory by tile and map version (a pure function of the two).</summary>
public sealed class CompoundHistoryTileCache(NpgsqlDataSource dataSource, IOptions<BattleMapOptions> options) : IDisposable
{
    private const long SizeLimitBytes = 64L * 1024 * 1024;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    public async Task<byte[]> GetAsync(int z, int x, int y, CancellationToken cancellationToken)
    {
        await using var version = dataSource.CreateCommand("SELECT version FROM map_version WHERE id = 1");
        var key = (z, x, y, (long)(await version.ExecuteScalarAsync(cancellationToken))!);
        if (cache.TryGetValue(key, out byte[]? tile) && tile is not null)
        {
            return tile;
        }

        tile = await CompoundHistoryTiles.ReadAsync(dataSource, z, x, y, options.Value.MaxCompoundsPerTile, cancellationToken);
        cache.Set(key, tile, new MemoryCacheEntryOptions { Size = tile.Length + 128, SlidingExpiration = TimeSpan.FromHours(1) });
        return tile;
    }

    public void Dispose() => cache.Dispose();
}
