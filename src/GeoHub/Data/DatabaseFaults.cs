using System.Net.Sockets;
using Npgsql;

namespace GeoHub.Data;

/// <summary>
/// Which failures are the database's rather than the request's, and how long a read waits for
/// the database to come back (settings under <c>GeoHub:Database</c>).
/// </summary>
public sealed class DatabaseFaults
{
    public const string Section = "GeoHub:Database";

    /// <summary>
    /// How long a read keeps retrying a database that went away: more than a restart takes
    /// (pg_ctl restart on this machine: under a second; a failover: a few), less than a client waits.
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>What a client is told to wait before trying again, once the budget is spent (Retry-After).</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>
    /// A dead pooled connection, a server shutting down or starting up (57P01–57P03), too many
    /// connections (53300), a connection failure (class 08), a network error, a failover that
    /// left the session read-only (25006): the same statement may well succeed a moment later.
    /// Serialization failures are not here: they are the writes' concern and are retried there.
    /// </summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                        or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
                        or PostgresErrorCodes.ReadOnlySqlTransaction
                        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case EndOfStreamException:
                    return true;
                case NpgsqlException npgsql when npgsql.Message.StartsWith("No suitable host", StringComparison.Ordinal):
                    // A multi-host data source whose hosts of the asked kind are all marked down
                    // (within Host Recheck Seconds) throws this without trying them, and without a cause.
                    return true;
            }
        }

        return false;
    }

    /// <summary>A connection-level failure: every idle pooled connection is likely dead too.</summary>
    public static bool IsConnectionLoss(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
            {
                return postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
            }

            if (current is SocketException or EndOfStreamException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}
