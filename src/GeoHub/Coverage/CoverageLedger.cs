using Npgsql;

namespace GeoHub.Coverage;

/// <summary>
/// The seed's figures read from the dated ledger (table coverage_steps, kept by the database
/// itself: Data/Migrations/CoverageLedgerUnitsSql.cs): for every area at every level, each figure's
/// steps, +n on the day something starts counting and −n on the day it stops. A figure on a day
/// is the sum of the area's steps up to that day, so an answer costs as many rows as the area has
/// days on which anything under it changed (a few thousand for a whole city), whatever the number
/// of members, seats or compounds. <see cref="CoverageRollup"/>, which counts the rows, stays the
/// reference the ledger is tested against (and `geohub check-ledger` compares).
/// </summary>
public static class CoverageLedger
{
    // The ledger's columns, in the order of CoverageFigures (and of the rollup's answer).
    private static readonly string[] Columns =
    [
        "communities", "compounds", "compounds_covered", "organizations", "standalone", "joint", "startup_funding_yuan",
        "in_service_reported", "cadres_department", "cadres_division", "cadres_section",
        "red_committees", "party_member_seats", "in_service_seats", "secretaries_as_directors", "cross_appointed",
        "agreements", "activities", "projects_launched", "projects_completed",
    ];

    private static string Figures(Func<string, string> total) =>
        string.Join(", ", Columns.Select(c => c == "startup_funding_yuan" ? $"coalesce({total(c)}, 0)" : $"coalesce({total(c)}, 0)::int"));

    // Per area, one range of the (area_id, day) key: a lateral sum, so the plan stays that
    // whatever the statistics think of the list of areas.
    private static readonly string ByAreaSql = $"""
        SELECT a.id, f.*
        FROM areas a
        CROSS JOIN LATERAL (SELECT {Figures(c => $"sum(s.{c})")} FROM coverage_steps s WHERE s.area_id = a.id AND s.day <= @as_of) f
        WHERE a.id = ANY (@area_ids)
        """;

    // A series in one pass over the area's steps: each step falls in the bucket of the first
    // point on or after its day (width_bucket over the days after each point counts the points
    // before the step's day), and a running sum over the buckets is each point's figures.
    private static readonly string SeriesSql = $"""
        WITH buckets AS (
            SELECT width_bucket(s.day, @after) + 1 AS point, s.*
            FROM coverage_steps s
            WHERE s.area_id = @area_id AND s.day <= @last
        ),
        totals AS (
            SELECT p.point, {Figures(c => $"sum(sum(s.{c})) OVER running")}
            FROM generate_series(1, @points) AS p(point) LEFT JOIN buckets s ON s.point = p.point
            GROUP BY p.point
            WINDOW running AS (ORDER BY p.point)
        )
        SELECT * FROM totals ORDER BY point
        """;

    /// <summary>Figures for each of <paramref name="areaIds"/> as of <paramref name="asOf"/>; ids of areas that do not exist are left out.</summary>
    public static Task<IReadOnlyDictionary<int, CoverageFigures>> ComputeAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<int> areaIds, DateOnly asOf, CancellationToken cancellationToken = default) =>
        CoverageFigures.ByAreaAsync(dataSource, ByAreaSql, areaIds, asOf, cancellationToken);

    /// <summary>The area's figures on each of <paramref name="days"/> (any order, repeats allowed), in one statement.</summary>
    public static async Task<IReadOnlyList<CoverageFigures>> SeriesAsync(
        NpgsqlDataSource dataSource, int areaId, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(days);
        var points = days.Distinct().Order().ToArray();
        if (points.Length == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(SeriesSql);
        command.Parameters.Add(new NpgsqlParameter<int>("area_id", areaId));
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("after", [.. points.Select(d => d == DateOnly.MaxValue ? d : d.AddDays(1))]));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("last", points[^1]));
        command.Parameters.Add(new NpgsqlParameter<int>("points", points.Length));
        var byDay = new Dictionary<DateOnly, CoverageFigures>(points.Length);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byDay[points[reader.GetInt32(0) - 1]] = CoverageFigures.Read(reader, 1);
            }
        }

        return [.. days.Select(d => byDay[d])];
    }
}
