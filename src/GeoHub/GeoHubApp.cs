using GeoHub.BattleMap;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;

namespace GeoHub;

/// <summary>The web application: data, GraphQL and the HTTP endpoints.</summary>
public static class GeoHubApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Information logs of every request (four lines) and of every SQL command (its whole text)
        // cost more than a small query itself (see BENCHMARKS.md); warnings and errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.Services.AddGeoHubData(DataServices.ConnectionString(builder.Configuration));
        builder.Services.AddGeoHubGraphQL();
        builder.Services.AddSingleton<TileCache>();
        builder.Services.AddSingleton<VenueReachFiller>();

        var app = builder.Build();
        app.MapGeoHubEndpoints();
        return app;
    }
}
