using Npgsql;

namespace GeoHub.Maps;

/// <summary>Loads a map folder (maps/longyan) into a migrated, empty database, all or nothing.</summary>
public static class MapLoader
{
    public static Task<MapLoadSummary> LoadAsync(NpgsqlDataSource dataSource, string mapDirectory, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("the map loader is being written (issue 2)");
}

public sealed record MapLoadSummary(IReadOnlyDictionary<string, int> RowsByTable, TimeSpan Elapsed);
