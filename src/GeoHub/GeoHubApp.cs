using GeoHub.Access;
using GeoHub.BattleMap;
using GeoHub.Changes;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Pages;
using GeoHub.Telemetry;

namespace GeoHub;

/// <summary>The web application: data, GraphQL and the HTTP endpoints.</summary>
public static class GeoHubApp
{
    /// <param name="args">Command-line configuration (--urls, --ConnectionStrings:GeoHub=…).</param>
    /// <param name="configureSources">Extra set-up of the data sources: the benchmark's statement
    /// capture hosts this same application with Npgsql's tracing hook, so that it cannot drift
    /// from what `geohub serve` runs.</param>
    public static WebApplication Build(string[] args, Action<Npgsql.NpgsqlDataSourceBuilder>? configureSources = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Information logs of every request (four lines) and of every SQL command (its whole text)
        // cost more than a small query itself (see BENCHMARKS.md); warnings and errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.AddGeoHubTelemetry();
        var statementTimeout = CallerLimits.StatementTimeout(builder.Configuration);
        builder.Services.AddGeoHubData(DataServices.ConnectionString(builder.Configuration), sources =>
        {
            statementTimeout(sources);
            configureSources?.Invoke(sources);
        });
        builder.Services.AddGeoHubGraphQL();
        builder.Services.AddGeoHubAccess(builder.Configuration);
        builder.Services.Configure<DocumentLimits>(builder.Configuration.GetSection(DocumentLimits.Section));
        builder.Services.Configure<DateSpan>(builder.Configuration.GetSection(DateSpan.Section));
        builder.Services.Configure<WriteOptions>(builder.Configuration.GetSection(WriteOptions.Section));
        builder.Services.Configure<DatabaseFaults>(builder.Configuration.GetSection(DatabaseFaults.Section));
        builder.Services.Configure<BattleMapOptions>(builder.Configuration.GetSection(BattleMapOptions.Section));
        builder.Services.Configure<DirectReadOptions>(builder.Configuration.GetSection(DirectReadOptions.Section));
        // In-flight requests get this long to finish on SIGTERM (GeoHub:ShutdownTimeout); then
        // their connections are aborted, which cancels their work (each also ends at its budget).
        var shutdown = builder.Configuration.GetValue("GeoHub:ShutdownTimeout", TimeSpan.FromSeconds(10));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown);
        builder.Services.AddSingleton<TileCache>();
        builder.Services.AddSingleton<CompoundHistoryTileCache>();
        builder.Services.AddSingleton<VenueReachFiller>();
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChangeFeed>());

        var app = builder.Build();
        if (BenchWithoutAccessControl.IsOn(builder.Configuration, DataServices.ConnectionString(builder.Configuration)))
        {
            app.UseUnrestrictedCaller();
        }
        else
        {
            app.UseGeoHubAccess();
        }

        app.MapGeoHubEndpoints();
        app.MapGeoHubTelemetry();
        return app;
    }
}
