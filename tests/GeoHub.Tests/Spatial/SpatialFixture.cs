using GeoHub.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.Tests.Spatial;

/// <summary>
/// Its own database with a small hand-made map of spatial edge cases (see <see cref="SpatialMap"/>),
/// and the app hosted over it. Independent of the demo map, so the spatial answers can be
/// checked against brute-force SQL row by row.
/// </summary>
public sealed class SpatialFixture : IAsyncLifetime
{
    private readonly string databaseName = $"geohub_spatial_{Guid.NewGuid():N}";
    private WebApplicationFactory<Program>? factory;

    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public SchemaExecutor Schema { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabase.CreateAsync(databaseName);
        DataSource = DataServices.CreateDataSource(connectionString);
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, DataSource);
        await using (var db = new GeoHubDb(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        await using (var seed = DataSource.CreateCommand(SpatialMap.Sql))
        {
            await seed.ExecuteNonQueryAsync();
        }

        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            host.UseSetting("ConnectionStrings:GeoHub", connectionString).UseEnvironment("Testing"));
        Schema = new SchemaExecutor(factory.Services);
    }

    public async Task<List<T>> SqlAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        List<T> rows = [];
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

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
public sealed class SpatialDatabase : ICollectionFixture<SpatialFixture>
{
    public const string Name = "Spatial";
}
