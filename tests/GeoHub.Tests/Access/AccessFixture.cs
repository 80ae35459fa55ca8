using GeoHub.Data;
using GeoHub.Maps;

namespace GeoHub.Tests.Access;

/// <summary>
/// The demo map in a database of the access tests' own: they book, cancel and import, which the
/// shared demo map's readers must not see.
/// </summary>
public sealed class AccessFixture() : DatabaseFixture("access")
{
    protected override async Task SeedAsync(GeoHubDb db) => await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);
}

[CollectionDefinition(Name)]
public sealed class AccessDatabase : ICollectionFixture<AccessFixture>
{
    public const string Name = "Access";
}
