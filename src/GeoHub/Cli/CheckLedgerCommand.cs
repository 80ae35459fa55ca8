using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GeoHub.Coverage;
using GeoHub.Data;
using Npgsql;

namespace GeoHub.Cli;

/// <summary>
/// `geohub check-ledger [--days N]`: the ledger's figures (what the API answers) against the
/// rollup counted from the rows, for every area, on days where the rows change (each with the
/// day before it) and the first recorded day; exit code 1 on any difference.
/// </summary>
public static class CheckLedgerCommand
{
    // Every day a counted fact begins or ends on: the figures are constant between them.
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

    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "How many of the days where the rows change to check, picked evenly (0: all).", DefaultValueFactory = _ => 20 };
        var db = new Option<string?>("--db") { Description = "Connection string (default: GEOHUB_DB or the private cluster)." };
        var command = new Command("check-ledger", "Compare the dated ledger's figures with the rollup counted from the rows, for every area.") { days, db };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(days), parse.GetValue(db) ?? DataServices.ConnectionString(), ct));
        return command;
    }

    private static async Task<int> RunAsync(int sample, string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = DataServices.CreateDataSource(connectionString);
        var areas = await ListAsync<int>(dataSource, "SELECT id FROM areas ORDER BY id", cancellationToken);
        var events = await ListAsync<DateOnly>(dataSource, EventDaysSql, cancellationToken);
        var picked = sample <= 0 || sample >= events.Count
            ? events
            : [.. Enumerable.Range(0, sample).Select(i => events[(int)((long)i * (events.Count - 1) / Math.Max(sample - 1, 1))])];
        var days = picked.SelectMany(d => new[] { d.AddDays(-1), d }).Distinct().Order().ToList();
        var differences = 0;
        foreach (var day in days)
        {
            var expected = await CoverageRollup.ComputeAsync(dataSource, areas, day, cancellationToken);
            var actual = await CoverageLedger.ComputeAsync(dataSource, areas, day, cancellationToken);
            foreach (var (area, figures) in expected)
            {
                if (!actual.TryGetValue(area, out var ledger) || ledger != figures)
                {
                    differences++;
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"check-ledger: area {area} on {day:yyyy-MM-dd}: rows {JsonSerializer.Serialize(figures)}, ledger {JsonSerializer.Serialize(ledger)}"));
                }
            }
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"check-ledger: {areas.Count} areas on {days.Count} days ({events.Count} days where the rows change): {differences} differences"));
        return differences == 0 ? 0 : 1;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<T> rows = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }
}
