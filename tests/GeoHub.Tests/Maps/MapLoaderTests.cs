using GeoHub.Data;
using GeoHub.Maps;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.Tests.Maps;

/// <summary>The loader refuses a non-empty database and a broken file, and then writes nothing.</summary>
public sealed class MapLoaderTests : IAsyncLifetime
{
    private readonly string databaseName = $"geohub_maps_{Guid.NewGuid():N}";
    private readonly string brokenMap = Path.Combine(Path.GetTempPath(), "geohub_maps_broken_" + Guid.NewGuid().ToString("N"));
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync()
    {
        dataSource = DataServices.CreateDataSource(await TestDatabase.CreateAsync(databaseName));
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, dataSource);
        await using var db = new GeoHubDb(options.Options);
        await db.Database.MigrateAsync();
    }

    [Fact]
    public async Task Should_reject_a_broken_file_naming_file_and_line_and_write_nothing()
    {
        Directory.CreateDirectory(brokenMap);
        foreach (var file in Directory.GetFiles(RepoPaths.DemoMap))
        {
            File.Copy(file, Path.Combine(brokenMap, Path.GetFileName(file)));
        }

        var members = Path.Combine(brokenMap, "party_members.csv");
        var lines = File.ReadAllLines(members);
        lines[41] = lines[41].Replace(",InService,", ",Astronaut,", StringComparison.Ordinal).Replace(",Retired,", ",Astronaut,", StringComparison.Ordinal)
            .Replace(",CommunityRegistered,", ",Astronaut,", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(members, lines);

        var error = await Assert.ThrowsAsync<MapFormatException>(() => MapLoader.LoadAsync(dataSource, brokenMap));
        Assert.Contains("party_members.csv line 42", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync("areas"));
    }

    [Fact]
    public async Task Should_load_once_and_then_refuse_a_non_empty_database()
    {
        var summary = await MapLoader.LoadAsync(dataSource, RepoPaths.DemoMap);
        Assert.Equal(1469, summary.RowsByTable["compounds"]);
        Assert.True(summary.Elapsed < TimeSpan.FromSeconds(60), $"load took {summary.Elapsed}");

        await Assert.ThrowsAsync<InvalidOperationException>(() => MapLoader.LoadAsync(dataSource, RepoPaths.DemoMap));
        Assert.Equal(1469L, await CountAsync("compounds"));
    }

    private async Task<long> CountAsync(string table)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await TestDatabase.DropAsync(databaseName);
        if (Directory.Exists(brokenMap))
        {
            Directory.Delete(brokenMap, recursive: true);
        }
    }
}
