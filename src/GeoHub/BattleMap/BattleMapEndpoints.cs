using System.Globalization;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using Microsoft.Extensions.Options;

namespace GeoHub.BattleMap;

/// <summary>
/// The battle map over plain HTTP, for map front ends that fetch tiles and GeoJSON directly:
/// GET /tiles/{layer}/{z}/{x}/{y}.mvt and GET /maps/{areaCode}.geojson, both with ?asOf=YYYY-MM-DD.
/// Errors are JSON bodies { code, message } with the GraphQL error codes.
/// </summary>
public static class BattleMapEndpoints
{
    public const string MvtContentType = "application/vnd.mapbox-vector-tile";
    public const string GeoJsonContentType = "application/geo+json";

    // Coverage changes as the fortnightly reviews are entered, so caches may serve a tile for a few
    // minutes, not for days.
    private const string TileCacheControl = "public, max-age=300";

    public static IEndpointRouteBuilder MapBattleMapEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/tiles/{layer}/{z}/{x}/{y}.mvt", TileAsync);
        endpoints.MapGet("/maps/{areaCode}.geojson", FeatureCollectionAsync);
        return endpoints;
    }

    private static async Task<IResult> TileAsync(
        string layer, string z, string x, string y, string? asOf, HttpContext http, TileCache tiles, IOptions<DateSpan> span, TimeProvider clock,
        DatabaseRoutes routes, IOptions<DatabaseFaults> faults, CancellationToken cancellationToken)
    {
        if (!TileQueries.Layers.Contains(layer))
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, $"Unknown layer '{layer}'; the layers are {string.Join(", ", TileQueries.Layers)}.");
        }

        if (!TryParseInt(z, out var zoom) || !TryParseInt(x, out var column) || !TryParseInt(y, out var row) || !TileQueries.IsValid(zoom, column, row))
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, $"No tile {z}/{x}/{y}: z is 0–{TileQueries.MaxZoom}, x and y 0 to 2^z − 1.");
        }

        if (!TryParseDay(asOf, clock, out var day))
        {
            return BadAsOf(asOf);
        }

        if (!span.Value.Contains(day))
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, span.Value.Describe(asOf!));
        }

        byte[] tile;
        try
        {
            // A tile is drawn to completion even when its client goes away (a map cancels the tiles
            // it panned past by the dozen): it is cached for the next viewer, statement_timeout still
            // bounds it, and cancelling statements mid-result on pooled connections was the one path
            // on which the page tests saw Npgsql lose its place in the protocol ("unexpected
            // backend message DataRow").
            tile = await DatabaseRetry.ReadAsync(routes, faults.Value, _ => tiles.GetAsync(layer, zoom, column, row, day, CancellationToken.None), cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            return Unavailable(http, faults.Value);
        }

        http.Response.Headers.CacheControl = TileCacheControl;
        return tile.Length == 0 ? Results.NoContent() : Results.Bytes(tile, MvtContentType);
    }

    private static async Task<IResult> FeatureCollectionAsync(
        string areaCode, string? asOf, HttpContext http, VenueReachFiller reach, IOptions<DateSpan> span, TimeProvider clock,
        DatabaseRoutes routes, IOptions<DatabaseFaults> faults, IOptions<BattleMapOptions> options, CancellationToken cancellationToken)
    {
        if (!TryParseDay(asOf, clock, out var day))
        {
            return BadAsOf(asOf);
        }

        if (!span.Value.Contains(day))
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, span.Value.Describe(asOf!));
        }

        string? json, refusal = null;
        try
        {
            json = await DatabaseRetry.ReadAsync(routes, faults.Value, async token =>
            {
                refusal = await BattleMapQueries.RefusalAsync(routes.Reads, areaCode, options.Value.MaxCompounds, token);
                if (refusal is not null)
                {
                    return null;
                }

                await reach.PokeAsync(token);
                return await BattleMapQueries.FeatureCollectionAsync(routes.Reads, areaCode, day, token);
            }, cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            return Unavailable(http, faults.Value);
        }

        if (refusal is not null)
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.AreaTooLarge, refusal);
        }

        return json is null
            ? Error(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"No area with code '{areaCode}'.")
            : Results.Text(json, GeoJsonContentType + "; charset=utf-8");
    }

    private static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>asOf is a day (YYYY-MM-DD); absent means today in Longyan.</summary>
    private static bool TryParseDay(string? text, TimeProvider clock, out DateOnly day)
    {
        if (string.IsNullOrEmpty(text))
        {
            day = LongyanDay.Today(clock);
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static IResult BadAsOf(string? asOf) =>
        Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, $"asOf '{asOf}' is not a date (YYYY-MM-DD).");

    private static IResult Unavailable(HttpContext http, DatabaseFaults faults)
    {
        http.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status503ServiceUnavailable, ErrorCodes.DatabaseUnavailable, $"The database is unavailable; try again in {faults.RetryAfterSeconds} s.");
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { code, message }, statusCode: status);
}
