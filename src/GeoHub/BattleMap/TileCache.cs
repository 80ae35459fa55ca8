using GeoHub.Common;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GeoHub.BattleMap;

/// <summary>
/// Vector tiles kept in memory, keyed by the tile, its day and the map's version (map_version,
/// bumped by a trigger on every write to the tables tiles are drawn from). A tile is a pure
/// function of those, so a cached one is never stale, and each instance keeps only what it can
/// rebuild: a second instance or a read replica needs nothing from this one. A z10 tile over
/// Xinluo holds thousands of compounds and takes a second to draw; map panning asks for the same
/// tiles again and again.
/// </summary>
public sealed class TileCache(NpgsqlDataSource dataSource, VenueReachFiller reach, IOptions<BattleMapOptions> options) : IDisposable
{
    private const long SizeLimitBytes = 256L * 1024 * 1024;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    public async Task<byte[]> GetAsync(string layer, int z, int x, int y, DateOnly day, CancellationToken cancellationToken)
    {
        await using var version = dataSource.CreateCommand("SELECT version FROM map_version WHERE id = 1");
        var key = (layer, z, x, y, day, (long)(await version.ExecuteScalarAsync(cancellationToken))!);
        if (cache.TryGetValue(key, out byte[]? tile) && tile is not null)
        {
            Telemetry.GeoHubMetrics.Cache("tiles", hit: true);
            return tile;
        }

        Telemetry.GeoHubMetrics.Cache("tiles", hit: false);

        if (layer == "compounds")
        {
            await reach.PokeAsync(cancellationToken);
        }

        tile = await TileQueries.TileAsync(dataSource, layer, z, x, y, day, options.Value.MaxCompoundsPerTile, cancellationToken);
        cache.Set(key, tile, new MemoryCacheEntryOptions { Size = tile.Length + 128, SlidingExpiration = TimeSpan.FromHours(1) });
        return tile;
    }

    public void Dispose() => cache.Dispose();
}
