using Npgsql;

namespace GeoHub.Coverage;

/// <summary>Office rooms added in an area over a period; vacant means not assigned as of today.</summary>
public sealed record OfficeSpaceSummary(int Rooms, decimal TotalSqm, int VacantRooms, decimal VacantSqm);

public static class OfficeSpaceRollup
{
    // Vacancy is read at CURRENT_DATE, not at the end of the period: the planner's question is
    // "what of it can still be handed out", and an assignment dated ahead has not happened yet.
    private const string Sql = """
        SELECT count(*)::int,
               coalesce(sum(o.floor_area_sqm), 0),
               count(*) FILTER (WHERE o.assigned_on IS NULL OR o.assigned_on > CURRENT_DATE)::int,
               coalesce(sum(o.floor_area_sqm) FILTER (WHERE o.assigned_on IS NULL OR o.assigned_on > CURRENT_DATE), 0)
        FROM areas a
        JOIN areas d ON d.path LIKE a.path || '%'
        JOIN office_spaces o ON o.area_id = d.id
        WHERE a.id = @area_id AND o.added_on BETWEEN @added_from AND @added_to
        """;

    /// <summary>Rooms in the area (and its descendants) added from <paramref name="addedFrom"/> to <paramref name="addedTo"/>, both inclusive.</summary>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    public static async Task<OfficeSpaceSummary> SummarizeAsync(
        NpgsqlDataSource dataSource, int areaId, DateOnly addedFrom, DateOnly addedTo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (addedFrom > addedTo)
        {
            throw new ArgumentException($"addedFrom ({addedFrom:yyyy-MM-dd}) is after addedTo ({addedTo:yyyy-MM-dd})", nameof(addedFrom));
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<int>("area_id", areaId));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("added_from", addedFrom));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("added_to", addedTo));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OfficeSpaceSummary(reader.GetInt32(0), reader.GetDecimal(1), reader.GetInt32(2), reader.GetDecimal(3));
    }
}
