using GeoHub.Areas;
using GeoHub.Common;
using Npgsql;

namespace GeoHub.Coverage;

/// <summary>Office rooms added in an area over a period; vacant means not assigned as of today.</summary>
public sealed record OfficeSpaceSummary(int Rooms, decimal TotalSqm, int VacantRooms, decimal VacantSqm);

public static class OfficeSpaceRollup
{
    // Vacancy is read today (in Longyan, as every "today"), not at the end of the period: the
    // planner's question is "what of it can still be handed out", and an assignment dated ahead
    // has not happened yet.
    // The area is found by its code in the same statement, so the answer costs one round trip;
    // the first column says whether it exists. (Inner joins, as in a plain sum: the LEFT JOIN
    // forms this could take planned a join half as fast.)
    private static readonly string Sql = $"""
        SELECT EXISTS (SELECT 1 FROM areas WHERE code = @code),
               count(*)::int,
               coalesce(sum(o.floor_area_sqm), 0),
               count(*) FILTER (WHERE {ActiveOn.InactiveSql("o.assigned_on", "o.released_on", "@today")})::int,
               coalesce(sum(o.floor_area_sqm) FILTER (WHERE {ActiveOn.InactiveSql("o.assigned_on", "o.released_on", "@today")}), 0)
        FROM areas a
        JOIN areas d ON {UnderArea.Sql("d.path", "a.path")}
        JOIN office_spaces o ON o.area_id = d.id
        WHERE a.code = @code AND o.added_on BETWEEN @added_from AND @added_to
        """;

    /// <summary>
    /// Rooms in the area with code <paramref name="areaCode"/> (and its descendants) added from
    /// <paramref name="addedFrom"/> to <paramref name="addedTo"/>, both inclusive, and of them those
    /// vacant on <paramref name="today"/>; null when no area has the code.
    /// </summary>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    public static async Task<OfficeSpaceSummary?> SummarizeAsync(
        NpgsqlDataSource dataSource, string areaCode, DateOnly addedFrom, DateOnly addedTo, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (addedFrom > addedTo)
        {
            throw new ArgumentException($"addedFrom ({addedFrom:yyyy-MM-dd}) is after addedTo ({addedTo:yyyy-MM-dd})", nameof(addedFrom));
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string>("code", areaCode));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("added_from", addedFrom));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("added_to", addedTo));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("today", today));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(0)
            ? new OfficeSpaceSummary(reader.GetInt32(1), reader.GetDecimal(2), reader.GetInt32(3), reader.GetDecimal(4))
            : null;
    }
}
