using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GeoHub.Data;
using GeoHub.Maps;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Tests;

/// <summary>
/// A PostgreSQL cluster of a test's own, made by scripts/db.sh under /tmp on a free port, so that
/// the test may stop, restart and replicate it: the shared private cluster is never touched.
/// Its database `geohub` holds the demo map.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"geohub-cluster-{Guid.NewGuid():N}");

    private TestCluster(int port) => Port = port;

    public int Port { get; }

    public int ReplicaPort => Port + 1;

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=geohub;Password=geohub;Database=geohub";

    /// <summary>Reads from the standby (prefer-standby), writes to the primary: Npgsql's multi-host form.</summary>
    public string PairConnectionString => $"Host=127.0.0.1:{Port},127.0.0.1:{ReplicaPort};Username=geohub;Password=geohub;Database=geohub";

    public string ReplicaConnectionString => $"Host=127.0.0.1;Port={ReplicaPort};Username=geohub;Password=geohub;Database=geohub";

    public static async Task<TestCluster> StartAsync()
    {
        var cluster = new TestCluster(FreePortPair());
        await cluster.DbShAsync("start");
        var dataSource = DataServices.CreateDataSource(cluster.ConnectionString);
        await using (dataSource)
        {
            var options = new DbContextOptionsBuilder<GeoHubDb>();
            DataServices.ConfigureDb(options, dataSource);
            await using (var db = new GeoHubDb(options.Options))
            {
                await db.Database.MigrateAsync();
            }

            await MapLoader.LoadAsync(dataSource, RepoPaths.DemoMap);
        }

        return cluster;
    }

    public Task StartReplicaAsync() => DbShAsync("replica");

    public Task StopReplicaAsync() => DbShAsync("replica-stop");

    /// <summary>Stops the primary as `pg_ctl stop -m fast` does in a restart: sessions are ended (57P01).</summary>
    public Task StopAsync() => PgCtlAsync("pg15", "-m", "fast", "-w", "stop");

    /// <summary>Starts the primary again, as scripts/db.sh does (pg_ctl start on its port and socket), without db.sh's other checks.</summary>
    public Task RestartAsync() =>
        PgCtlAsync("pg15", "-l", Path.Combine(root, "postgresql.log"), "-w", "-t", "60", "-o", $"-p {Port} -k {Path.Combine(root, "run")}", "start");

    /// <summary>Holds the standby's replay where it is (it still receives WAL), as a lagging standby would.</summary>
    public Task PauseReplayAsync() => ReplicaSqlAsync("SELECT pg_wal_replay_pause()");

    public Task ResumeReplayAsync() => ReplicaSqlAsync("SELECT pg_wal_replay_resume()");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DbShAsync("stop");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private Task ReplicaSqlAsync(string sql) =>
        RunAsync("runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/psql", "-q", "-h", Path.Combine(root, "run-replica"), "-p", ReplicaPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", "postgres", "-c", sql);

    private Task PgCtlAsync(string dataDirectory, params string[] arguments) =>
        RunAsync("runuser", ["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "-D", Path.Combine(root, dataDirectory), .. arguments]);

    private Task DbShAsync(string command) =>
        RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "db.sh"), command], new Dictionary<string, string>
        {
            ["GEOHUB_PGROOT"] = root,
            ["GEOHUB_PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GEOHUB_REPLICA_PORT"] = ReplicaPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static Task RunAsync(string program, params string[] arguments) => RunAsync(program, arguments, null);

    private static async Task RunAsync(string program, string[] arguments, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
        }
    }

    /// <summary>A port whose next one is free too (the standby's), away from the shared cluster's 25432.</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(26_000, 29_000);
            if (IsFree(port) && IsFree(port + 1))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free port pair");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
