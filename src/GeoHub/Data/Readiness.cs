using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.Data;

/// <summary>
/// Whether this instance can serve right answers now: /health says only that the process lives
/// (a restart will not help a database outage); /ready that the database answers, every
/// migration is applied, and the derived nearest-venue lists are complete (until they are, maps
/// answer from the live search: right, but slow enough to shed load onto a ready instance).
/// The lists are needed once: a venue write later empties some of them on every instance at once
/// until the background fill ends, and taking every instance out then would take the service down.
/// </summary>
public static class Readiness
{
    private static volatile bool listsWereComplete;

    public sealed record Report(bool Ready, string Database, string Migrations, string DerivedData);

    public static async Task<Report> CheckAsync(DatabaseRoutes routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        try
        {
            await using var db = await routes.ReadDbs.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await using var command = routes.Reads.CreateCommand("SELECT complete FROM venue_reach_state WHERE id = 1");
            command.CommandTimeout = 3;
            var complete = pending.Count == 0 && await command.ExecuteScalarAsync(cancellationToken) is true;
            listsWereComplete |= complete;
            return new Report(
                pending.Count == 0 && (complete || listsWereComplete),
                "answers",
                pending.Count == 0 ? "applied" : $"{pending.Count} pending: {string.Join(", ", pending)}",
                pending.Count > 0 ? "unknown" : complete ? "complete" : "filling");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new Report(false, "unavailable", "unknown", "unknown");
        }
    }
}
