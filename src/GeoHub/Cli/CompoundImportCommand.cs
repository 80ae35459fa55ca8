using GeoHub.Access;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.Maps;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace GeoHub.Cli;

/// <summary>`geohub import FILE --community CODE`: the mutation's import, from a file, with a progress bar.</summary>
public static class CompoundImportCommand
{
    public static async Task<int> RunAsync(FileInfo file, string communityCode, string connectionString, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"import: {file.FullName}: no such file");
            return 2;
        }

        await using var dataSource = DataServices.CreateDataSource(connectionString);
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, dataSource);
        await using var db = new GeoHubDb(options.Options);

        var result = await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var read = progress.AddTask($"read {file.Name}", maxValue: 1);
                var features = CompoundFeatures.FromFile(file.FullName);
                read.Increment(1);
                var stages = new Dictionary<string, ProgressTask>
                {
                    ["validate"] = progress.AddTask($"validate {features.Count} features", maxValue: Math.Max(1, features.Count)),
                    ["write"] = progress.AddTask("write", autoStart: false, maxValue: Math.Max(1, features.Count)),
                };
                // The command writes as GeoHub itself; its line in the audit log names who ran it.
                var entry = new AuditEntry(DateTime.UtcNow, "cli:" + Environment.UserName, Role.Admin, [], AuditKind.Write, "geohub import", null, communityCode, "OK");
                return await CompoundImport.ImportAsync(db, communityCode, features, new Reporter(stages), ct => AuditLog.AppendAsync(db, entry, ct), cancellationToken);
            });

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"{error.Code}: {error.Message}");
            }

            await Console.Error.WriteLineAsync($"import: {result.Errors.Count} problem(s) in {file.Name}; nothing was written");
            return 1;
        }

        await Console.Out.WriteLineAsync($"import: {file.Name} into community {communityCode}: {result.Created} created, {result.Updated} updated");
        return 0;
    }

    /// <summary>Moves the bars as the import reports, on the importer's own thread (Progress&lt;T&gt; would post them late).</summary>
    private sealed class Reporter(Dictionary<string, ProgressTask> stages) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (stages.TryGetValue(value.Stage, out var task))
            {
                task.StartTask();
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Total == 0 ? 1 : value.Done;
            }
        }
    }
}
