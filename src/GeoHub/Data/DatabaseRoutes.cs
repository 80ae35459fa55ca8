using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace GeoHub.Data;

/// <summary>
/// Where a request's commands go. With one host, everything goes there. With a multi-host
/// connection string (a primary and hot standbys, <c>Host=a:5432,b:5432</c>), reads prefer a
/// standby and writes go to the primary: Npgsql's target session attributes pick the host, and
/// a host found down is skipped until it answers again. A caller that has just written reads from
/// the primary until a standby has replayed its write (<see cref="RequestRoute"/>).
/// </summary>
public sealed class DatabaseRoutes : IAsyncDisposable
{
    private readonly NpgsqlMultiHostDataSource? multiHost;
    private readonly NpgsqlMultiHostDataSource? fixedPlanMultiHost;

    public DatabaseRoutes(string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var builder = DataServices.CreateBuilder(connectionString, configure);
        // The same connections, but PostgreSQL plans each prepared statement once for all values.
        // For a statement whose best plan does not depend on its values (the nearest-neighbour
        // LATERALs: always the GiST index, always a LIMIT) the planner's default still tries a
        // custom plan per execution and keeps choosing it, and planning those cost about as
        // much as running them (BENCHMARKS.md, "GeoHub and PostGraphile"). Only statements
        // known to be of that kind use this source; everything else keeps the default.
        var fixedPlans = DataServices.CreateBuilder(connectionString, configure);
        fixedPlans.ConnectionStringBuilder.Options = $"{fixedPlans.ConnectionStringBuilder.Options} -c plan_cache_mode=force_generic_plan".Trim();
        if (DataServices.IsMultiHost(builder))
        {
            multiHost = builder.BuildMultiHost();
            Reads = multiHost.WithTargetSession(TargetSessionAttributes.PreferStandby);
            Primary = multiHost.WithTargetSession(TargetSessionAttributes.Primary);
            fixedPlanMultiHost = fixedPlans.BuildMultiHost();
            FixedPlanReads = fixedPlanMultiHost.WithTargetSession(TargetSessionAttributes.PreferStandby);
            FixedPlanPrimary = fixedPlanMultiHost.WithTargetSession(TargetSessionAttributes.Primary);
        }
        else
        {
            Reads = Primary = builder.Build();
            FixedPlanReads = FixedPlanPrimary = fixedPlans.Build();
        }

        ReadDbs = Factory(Reads);
        PrimaryDbs = multiHost is null ? ReadDbs : Factory(Primary);
    }

    /// <summary>A standby where there is one, else the primary.</summary>
    public NpgsqlDataSource Reads { get; }

    public NpgsqlDataSource Primary { get; }

    /// <summary><see cref="Reads"/> with one generic plan per prepared statement.</summary>
    public NpgsqlDataSource FixedPlanReads { get; }

    /// <summary><see cref="Primary"/> with one generic plan per prepared statement.</summary>
    public NpgsqlDataSource FixedPlanPrimary { get; }

    public IDbContextFactory<GeoHubDb> ReadDbs { get; }

    public IDbContextFactory<GeoHubDb> PrimaryDbs { get; }

    /// <summary>Reads may be served by a standby, which may lag behind the primary.</summary>
    public bool HasStandbys => multiHost is not null;

    public NpgsqlDataSource DataSourceFor(RequestRoute route) => (route ?? throw new ArgumentNullException(nameof(route))).ToPrimary ? Primary : Reads;

    /// <summary>The route's data source for statements of a fixed plan (see the constructor).</summary>
    public NpgsqlDataSource FixedPlanDataSourceFor(RequestRoute route) => (route ?? throw new ArgumentNullException(nameof(route))).ToPrimary ? FixedPlanPrimary : FixedPlanReads;

    public IDbContextFactory<GeoHubDb> DbsFor(RequestRoute route) => (route ?? throw new ArgumentNullException(nameof(route))).ToPrimary ? PrimaryDbs : ReadDbs;

    /// <summary>Drops idle connections everywhere: after a restart or failover they are dead, and each would fail one command.</summary>
    public void ClearPools()
    {
        if (multiHost is not null)
        {
            multiHost.Clear();
            fixedPlanMultiHost!.Clear();
        }
        else
        {
            Primary.Clear();
            FixedPlanPrimary.Clear();
        }
    }

    /// <summary>The primary's WAL position now: a write committed before this call is at or before it.</summary>
    public async Task<string> PrimaryPositionAsync(CancellationToken cancellationToken)
    {
        await using var command = Primary.CreateCommand("SELECT pg_current_wal_lsn()::text");
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Whether the standby that reads would use has replayed the primary up to <paramref name="position"/>.</summary>
    public async Task<bool> ReadsHaveReplayedAsync(string position, CancellationToken cancellationToken)
    {
        if (!HasStandbys)
        {
            return true;
        }

        // On a primary (no standby up) pg_last_wal_replay_lsn() is null: the primary has everything.
        await using var command = Reads.CreateCommand("SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true)");
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async ValueTask DisposeAsync()
    {
        if (multiHost is not null)
        {
            await multiHost.DisposeAsync();
            await fixedPlanMultiHost!.DisposeAsync();
        }
        else
        {
            await Primary.DisposeAsync();
            await FixedPlanPrimary.DisposeAsync();
        }
    }

    private static PooledDbContextFactory<GeoHubDb> Factory(NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, dataSource);
        // Contexts are pooled: building one from scratch (its service scope, and comparing its
        // options with the cached ones) cost more CPU than the small queries it then ran.
        return new PooledDbContextFactory<GeoHubDb>(options.Options);
    }
}

/// <summary>
/// The route of one request: the primary for a mutation, or for a read whose caller wrote
/// something a standby has not replayed yet; else the read route. Set before any resolver runs.
/// </summary>
public sealed class RequestRoute
{
    public bool ToPrimary { get; set; }

    /// <summary>The request changed something (its answer carries the primary's position for the caller's next reads).</summary>
    public bool Wrote { get; set; }

    /// <summary>The request's Idempotency-Key: a write with one may be run again after a fault, since a repeat replays the first answer.</summary>
    public string? IdempotencyKey { get; set; }
}
