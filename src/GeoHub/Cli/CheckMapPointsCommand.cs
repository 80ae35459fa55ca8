using System.CommandLine;
using System.Globalization;
using GeoHub.BattleMap;
using GeoHub.Data;

namespace GeoHub.Cli;

/// <summary>
/// `geohub check-map-points`: every compound's stored point and coverage status history
/// (compound_map_points, what the compounds tiles draw below z12) against the same computed from
/// the rows now; exit code 1 on any difference, a compound missing or one left over.
/// </summary>
public static class CheckMapPointsCommand
{
    private const int Shown = 20;

    public static Command Create()
    {
        var db = new Option<string?>("--db") { Description = "Connection string (default: GEOHUB_DB or the private cluster)." };
        var command = new Command("check-map-points", "Compare every compound's stored point and status history with the rows.") { db };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(db) ?? DataServices.ConnectionString(), ct));
        return command;
    }

    /// <summary>Prints the differences (the first 20) and a summary; 0 when there are none, else 1.</summary>
    public static async Task<int> RunAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = DataServices.CreateDataSource(connectionString);
        var differences = await CompoundPoints.DifferencesAsync(dataSource, cancellationToken);
        foreach (var difference in differences.Take(Shown))
        {
            await Console.Out.WriteLineAsync($"check-map-points: {difference}");
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM compounds");
        var compounds = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"check-map-points: {compounds} compounds: {differences.Count} differences{(differences.Count > Shown ? $" ({Shown} shown)" : "")}"));
        return differences.Count == 0 ? 0 : 1;
    }
}
