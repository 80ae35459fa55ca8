using Npgsql;

namespace GeoHub.Areas;

/// <summary>An area without its boundary: what the rollups and their API need to name and scope it.</summary>
public sealed record AreaSummary(int Id, string Code, string Name, AreaLevel Level, string Path);

public static class AreaLookup
{
    private const string ByCodeSql = "SELECT id, code, name, level, path FROM areas WHERE code = @code";

    private const string ChildrenSql = "SELECT id, code, name, level, path FROM areas WHERE parent_id = @parent_id ORDER BY code";

    /// <summary>The area with this code, or null.</summary>
    public static async Task<AreaSummary?> FindByCodeAsync(NpgsqlDataSource dataSource, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(code);
        await using var command = dataSource.CreateCommand(ByCodeSql);
        command.Parameters.Add(new NpgsqlParameter<string>("code", code));
        var areas = await ReadAsync(command, cancellationToken);
        return areas.Count == 0 ? null : areas[0];
    }

    /// <summary>The direct children of an area, ordered by code.</summary>
    public static async Task<IReadOnlyList<AreaSummary>> ChildrenAsync(NpgsqlDataSource dataSource, int areaId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(ChildrenSql);
        command.Parameters.Add(new NpgsqlParameter<int>("parent_id", areaId));
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<List<AreaSummary>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var areas = new List<AreaSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            areas.Add(new AreaSummary(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), Enum.Parse<AreaLevel>(reader.GetString(3)), reader.GetString(4)));
        }

        return areas;
    }
}
