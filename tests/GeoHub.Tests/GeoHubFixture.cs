using GeoHub.Data;
using GeoHub.Maps;
using Npgsql;

namespace GeoHub.Tests;

/// <summary>
/// The Longyan demo map, loaded once for every test that reads it: the figures and contract
/// answers are checked on exactly what `make run` serves.
/// </summary>
public sealed class GeoHubFixture() : DatabaseFixture("test")
{
    protected override async Task SeedAsync(GeoHubDb db) => await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);
}

[CollectionDefinition(Name)]
public sealed class GeoHubDatabase : ICollectionFixture<GeoHubFixture>
{
    public const string Name = "GeoHub";
}

/// <summary>Creates and drops throwaway databases on the test server.</summary>
public static class TestDatabase
{
    /// <summary>The server the suite makes its databases on: GEOHUB_TEST_DB, else the private cluster.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("GEOHUB_TEST_DB") ?? DataServices.DefaultConnectionString;

    public static async Task<string> CreateAsync(string name)
    {
        await using (var admin = new NpgsqlConnection(WithDatabase(ServerConnectionString, "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return WithDatabase(ServerConnectionString, name);
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(WithDatabase(ServerConnectionString, "postgres"));
        await admin.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                // A server where the test role may not end an autovacuum worker still analysing
                // the database (scripts/db.sh grants pg_signal_backend): wait for it to finish.
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
}
