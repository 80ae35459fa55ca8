using GeoHub.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoHub.Tests.Data;

/// <summary>What every connection of the server is set up with, read back from PostgreSQL itself.</summary>
[Collection(GeoHubDatabase.Name)]
public sealed class ConnectionSettingsTests(GeoHubFixture fixture)
{
    private static async Task<string> ShowAsync(NpgsqlDataSource dataSource, string setting)
    {
        await using var command = dataSource.CreateCommand($"SHOW {setting}");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Every_pool_of_the_server_runs_without_jit_compilation()
    {
        // A generic plan's cost estimate on a big map passed jit_above_cost, and every execution
        // of a compound's nearest units compiled for 300 ms (BENCHMARKS.md): the server turns it off.
        var routes = fixture.Factory.Services.GetRequiredService<DatabaseRoutes>();
        foreach (var dataSource in new[] { routes.Reads, routes.Primary, routes.FixedPlanReads, routes.FixedPlanPrimary })
        {
            Assert.Equal("off", await ShowAsync(dataSource, "jit"));
        }

        Assert.Equal("force_generic_plan", await ShowAsync(routes.FixedPlanReads, "plan_cache_mode"));
    }

    [Fact]
    public async Task A_connection_string_that_names_jit_keeps_its_own()
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Options = "-c jit=on" };
        await using var dataSource = DataServices.CreateDataSource(builder.ConnectionString);
        Assert.Equal("on", await ShowAsync(dataSource, "jit"));
    }
}
