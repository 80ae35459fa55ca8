using GeoHub.Data;

namespace GeoHub.Tests.Fixtures;

/// <summary>
/// Its own database with a small hand-made map of spatial edge cases (see <see cref="SpatialMap"/>),
/// and the app hosted over it. Independent of the demo map, so the spatial answers can be
/// checked against brute-force SQL row by row.
/// </summary>
public sealed class SpatialFixture() : DatabaseFixture("spatial")
{
    protected override async Task SeedAsync(GeoHubDb db) => await RunSqlAsync(SpatialMap.Sql);
}

[CollectionDefinition(Name)]
public sealed class SpatialDatabase : ICollectionFixture<SpatialFixture>
{
    public const string Name = "Spatial";
}
