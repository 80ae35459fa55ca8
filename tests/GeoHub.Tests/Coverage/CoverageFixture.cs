using GeoHub.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// A database of its own holding only <see cref="CoverageMap"/>: the rollups are checked against
/// figures worked out by hand, which the demo map is too big for.
/// </summary>
public sealed class CoverageFixture : IAsyncLifetime
{
    private readonly string databaseName = $"geohub_coverage_{Guid.NewGuid():N}";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public CoverageMap Map { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataSource = DataServices.CreateDataSource(await TestDatabase.CreateAsync(databaseName));
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, DataSource);
        await using var db = new GeoHubDb(options.Options);
        await db.Database.MigrateAsync();
        Map = await CoverageMap.SeedAsync(db);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestDatabase.DropAsync(databaseName);
    }
}

[CollectionDefinition(Name)]
public sealed class CoverageDatabase : ICollectionFixture<CoverageFixture>
{
    public const string Name = "Coverage";
}
