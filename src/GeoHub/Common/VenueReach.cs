using GeoHub.Data;
using Npgsql;

namespace GeoHub.Common;

/// <summary>
/// Each compound's <see cref="Depth"/> nearest venues, open or not, exactly on the spheroid
/// (compound_nearest_venues). A map of a day takes, per compound, the first of them open that day:
/// that is the nearest open venue, because every nearer venue is on the list before it. Searching
/// the venues for each compound instead took most of the time of a z10 tile or a district's battle
/// map. Triggers delete the rows when venues or the compound change (see the VenueReach migration),
/// and a compound without rows, or with none open that day, is answered by the live search.
/// </summary>
public static class VenueReach
{
    /// <summary>How many venues are kept per compound: enough that one of them is open on most days.</summary>
    public const int Depth = 8;

    // Both tables are locked against writers (SHARE lets readers and other fills through) so no
    // row is computed from venues or a boundary that a concurrent write is changing; each
    // statement after the lock sees everything committed before it.
    //
    // The exact K nearest: the index's K nearest on the sphere give a radius (the largest of their
    // spheroid distances, a centimetre of slack) within which the K nearest on the spheroid must
    // lie, as there are K venues inside it; every venue within it is then measured exactly.
    private static readonly string FillSql = $"""
        INSERT INTO compound_nearest_venues (compound_id, rank, venue_id, distance_m)
        SELECT c.id, r.rank, r.venue_id, r.distance
        FROM compounds c
        CROSS JOIN LATERAL (SELECT c.boundary::geography AS geography) g
        CROSS JOIN LATERAL (
            SELECT max(ST_Distance(k.location, g.geography)) + 0.01 AS radius
            FROM (SELECT location FROM venues ORDER BY location <-> g.geography LIMIT {Depth}) k
        ) bound
        CROSS JOIN LATERAL (
            SELECT v.id AS venue_id, ST_Distance(v.location, g.geography) AS distance,
                   row_number() OVER (ORDER BY ST_Distance(v.location, g.geography), v.id)::smallint AS rank
            FROM venues v
            WHERE ST_DWithin(v.location, g.geography, bound.radius)
            ORDER BY distance, v.id
            LIMIT {Depth}
        ) r
        WHERE NOT EXISTS (SELECT 1 FROM compound_nearest_venues n WHERE n.compound_id = c.id)
        """;

    /// <summary>
    /// Computes the rows of every compound that has none, inside <paramref name="transaction"/>
    /// (a load or an import calls it before committing, so its compounds are mapped fast at once).
    /// </summary>
    /// <returns>The rows written.</returns>
    public static async Task<int> FillAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken = default)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("LOCK TABLE venues, compounds IN SHARE MODE"),
                new(FillSql),
                new("UPDATE venue_reach_state SET complete = true WHERE id = 1 AND NOT complete"),
            },
            Timeout = 0,
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[1].RecordsAffected;
    }

    /// <summary>
    /// The compound's first listed venue open on the day, as LEFT JOIN LATERAL "known (venue_id,
    /// distance)"; null when the compound has no rows or none of its venues is open.
    /// </summary>
    public static string KnownNearestOpenVenue(string compoundId) => $"""
        LEFT JOIN LATERAL (
            SELECT n.venue_id, n.distance_m AS distance
            FROM compound_nearest_venues n
            JOIN venues kv ON kv.id = n.venue_id
            WHERE n.compound_id = {compoundId} AND {NearestVenues.VenueOpen("kv")}
            ORDER BY n.rank
            LIMIT 1
        ) known ON true
        """;
}

/// <summary>
/// Fills missing venue reach in the background when a map query finds it incomplete (after a
/// venue or a compound was written outside a load or an import). One fill at a time per instance;
/// across instances an advisory lock lets one fill run and the others skip. Until it is done,
/// answers come from the live search: slower, never different.
/// </summary>
public sealed partial class VenueReachFiller(DatabaseRoutes routes, ILogger<VenueReachFiller> logger)
{
    private const string CompleteSql = "SELECT complete FROM venue_reach_state WHERE id = 1";
    private int running;

    /// <summary>Starts a fill if the reach is incomplete and none is running here; returns at once.</summary>
    public async Task PokeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref running) == 1)
        {
            return;
        }

        await using (var check = routes.Reads.CreateCommand(CompleteSql))
        {
            if (await check.ExecuteScalarAsync(cancellationToken) is not false)
            {
                return;
            }
        }

        if (Interlocked.Exchange(ref running, 1) == 0)
        {
            _ = Task.Run(FillAsync, CancellationToken.None);
        }
    }

    private async Task FillAsync()
    {
        try
        {
            // A fill writes: on the primary, whichever host the reads use.
            await using var connection = await routes.Primary.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            // A writer holding compounds and waiting for venues (or the reverse) must not lose to a
            // background fill in a deadlock: the fill gives up its wait first and tries again later.
            // It is no request: the server connections' statement_timeout (a request's budget,
            // CallerLimits) does not bound it.
            await using (var patience = new NpgsqlCommand("SET LOCAL lock_timeout = '200ms'; SET LOCAL statement_timeout = 0", connection, transaction))
            {
                await patience.ExecuteNonQueryAsync();
            }

            await using (var claim = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(hashtext('geohub.venue_reach'))", connection, transaction))
            {
                if (await claim.ExecuteScalarAsync() is not true)
                {
                    return;
                }
            }

            var rows = await VenueReach.FillAsync(connection, transaction);
            await transaction.CommitAsync();
            Filled(logger, rows);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // A dropped database or a shutdown: the next map query tries again.
            FillFailed(logger, exception);
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "venue reach: filled {Rows} rows")]
    private static partial void Filled(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "venue reach: fill failed")]
    private static partial void FillFailed(ILogger logger, Exception exception);
}
