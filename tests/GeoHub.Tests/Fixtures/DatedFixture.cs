using GeoHub.Common;
using GeoHub.Data;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.Fixtures;

/// <summary>
/// <see cref="DatedMap"/> in a database of its own, served by an app whose "today" is
/// <see cref="Clock"/>: the fields that read today (vacancy, completion, pairing, venue gaps) are
/// tested on the same edge days as those that take asOf. The tests of a collection run one at a
/// time, so each may set the day it reads.
/// </summary>
public sealed class DatedFixture() : DatabaseFixture("dated")
{
    public TestClock Clock { get; } = new();

    protected override async Task SeedAsync(GeoHubDb db) => await RunSqlAsync(DatedMap.Sql);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>A clock that reads noon in Longyan on <see cref="Today"/>.</summary>
public sealed class TestClock : TimeProvider
{
    public DateOnly Today { get; set; } = DatedMap.First;

    public override DateTimeOffset GetUtcNow() =>
        new DateTimeOffset(Today.ToDateTime(new TimeOnly(12, 0)), LongyanDay.Offset).ToUniversalTime();
}

[CollectionDefinition(Name)]
public sealed class DatedDatabase : ICollectionFixture<DatedFixture>
{
    public const string Name = "Dated";
}
