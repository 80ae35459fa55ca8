using GeoHub.Data;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// A database of its own holding only <see cref="CoverageMap"/>: the rollups are checked against
/// figures worked out by hand, which the demo map is too big for.
/// </summary>
public sealed class CoverageFixture() : DatabaseFixture("coverage")
{
    public CoverageMap Map { get; private set; } = null!;

    protected override async Task SeedAsync(GeoHubDb db) => Map = await CoverageMap.SeedAsync(db);
}

[CollectionDefinition(Name)]
public sealed class CoverageDatabase : ICollectionFixture<CoverageFixture>
{
    public const string Name = "Coverage";
}
