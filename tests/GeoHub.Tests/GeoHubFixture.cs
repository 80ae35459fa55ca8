using GeoHub.Data;
using GeoHub.Maps;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.Tests;

/// <summary>
/// One PostGIS database for the whole run: created on the private cluster (or GEOHUB_TEST_DB's
/// server), migrated, loaded with the Longyan demo map, and dropped at the end.
/// </summary>
public sealed class GeoHubFixture : IAsyncLifetime
{
    private readonly string databaseName = $"geohub_test_{Guid.NewGuid():N}";
    private WebApplicationFactory<Program>? factory;

    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("fixture not initialised");

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("GEOHUB_TEST_DB") ?? DataServices.DefaultConnectionString;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(databaseName);
        DataSource = DataServices.CreateDataSource(ConnectionString);
        await using (var db = CreateDb())
        {
            await db.Database.MigrateAsync();
        }

        await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            host.UseSetting("ConnectionStrings:GeoHub", ConnectionString).UseEnvironment("Testing"));
    }

    public GeoHubDb CreateDb()
    {
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, DataSource);
        return new GeoHubDb(options.Options);
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        await TestDatabase.DropAsync(databaseName);
    }
}

[CollectionDefinition(Name)]
public sealed class GeoHubDatabase : ICollectionFixture<GeoHubFixture>
{
    public const string Name = "GeoHub";
}

/// <summary>Creates and drops throwaway databases on the test server.</summary>
public static class TestDatabase
{
    public static async Task<string> CreateAsync(string name)
    {
        await using (var admin = new NpgsqlConnection(WithDatabase(GeoHubFixture.ServerConnectionString, "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return WithDatabase(GeoHubFixture.ServerConnectionString, name);
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(WithDatabase(GeoHubFixture.ServerConnectionString, "postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
}
