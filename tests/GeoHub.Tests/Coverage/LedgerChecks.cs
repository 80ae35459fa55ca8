using System.Text.Json;
using GeoHub.Coverage;
using Npgsql;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// The ledger (what coverage, children { coverage } and progress read) against the rollup
/// counted from the rows (<see cref="CoverageRollup"/>, the reference), for every area, on the
/// days the test picks from the rows themselves.
/// </summary>
public static class LedgerChecks
{
    // Every day a counted fact begins or ends on, read here from the rows: the figures are
    // constant between two of them, so each such day and the day before it catch a step on the
    // wrong day as well as a wrong step.
    private const string EventDaysSql = """
        SELECT DISTINCT d FROM (
            SELECT formed_on d FROM party_organizations UNION ALL SELECT dissolved_on FROM party_organizations
            UNION ALL SELECT covered_from FROM organization_compounds UNION ALL SELECT covered_until FROM organization_compounds
            UNION ALL SELECT "from" FROM party_roles UNION ALL SELECT until FROM party_roles
            UNION ALL SELECT formed_on FROM owners_committees UNION ALL SELECT dissolved_on FROM owners_committees
            UNION ALL SELECT "from" FROM committee_seats UNION ALL SELECT until FROM committee_seats
            UNION ALL SELECT registered_on FROM party_members UNION ALL SELECT left_on FROM party_members
            UNION ALL SELECT reported_on FROM party_members
            UNION ALL SELECT signed_on FROM agreements UNION ALL SELECT ended_on FROM agreements
            UNION ALL SELECT held_on FROM activities
            UNION ALL SELECT launched_on FROM projects UNION ALL SELECT completed_on FROM projects) days
        WHERE d IS NOT NULL ORDER BY d
        """;

    public static async Task<List<DateOnly>> EventDaysAsync(NpgsqlDataSource dataSource) => await ListAsync<DateOnly>(dataSource, EventDaysSql);

    public static async Task<List<int>> AreaIdsAsync(NpgsqlDataSource dataSource) => await ListAsync<int>(dataSource, "SELECT id FROM areas ORDER BY id");

    /// <summary>
    /// <paramref name="count"/> event days spread evenly over all of them (the first and last
    /// included), each with the day before, plus <paramref name="random"/> random days in and
    /// around the recorded period (seeded, so a failure repeats).
    /// </summary>
    public static List<DateOnly> Pick(List<DateOnly> events, int count, int random, int seed)
    {
        var rng = new Random(seed);
        var picked = events.Count <= count ? events : [.. Enumerable.Range(0, count).Select(i => events[(int)((long)i * (events.Count - 1) / (count - 1))])];
        var first = events[0].AddDays(-30);
        var span = events[^1].DayNumber - first.DayNumber + 60;
        return [.. picked.SelectMany(d => new[] { d.AddDays(-1), d })
            .Concat(Enumerable.Range(0, random).Select(_ => first.AddDays(rng.Next(span))))
            .Distinct().Order()];
    }

    /// <summary>Every area's figures on each day, ledger against rows; the differences, described (empty when they agree).</summary>
    public static async Task<List<string>> DifferencesAsync(NpgsqlDataSource dataSource, IEnumerable<DateOnly> days)
    {
        var areas = await AreaIdsAsync(dataSource);
        List<string> differences = [];
        foreach (var day in days)
        {
            var rows = await CoverageRollup.ComputeAsync(dataSource, areas, day);
            var ledger = await CoverageLedger.ComputeAsync(dataSource, areas, day);
            Assert.Equal(areas.Count, rows.Count);
            foreach (var area in areas)
            {
                if (!ledger.TryGetValue(area, out var figures) || figures != rows[area])
                {
                    differences.Add($"area {area} on {day:yyyy-MM-dd}: rows {JsonSerializer.Serialize(rows[area])}, ledger {(figures is null ? "none" : JsonSerializer.Serialize(figures))}");
                }
            }
        }

        return differences;
    }

    public static async Task AgreeAsync(NpgsqlDataSource dataSource, IReadOnlyCollection<DateOnly> days)
    {
        var differences = await DifferencesAsync(dataSource, days);
        Assert.True(differences.Count == 0, $"{differences.Count} differences on {days.Count} days, e.g.\n{string.Join("\n", differences.Take(10))}");
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        List<T> rows = [];
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }
}
