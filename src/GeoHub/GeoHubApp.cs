using GeoHub.Data;
using GeoHub.GraphQL;

namespace GeoHub;

/// <summary>The web application: data, GraphQL and the HTTP endpoints.</summary>
public static class GeoHubApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGeoHubData(DataServices.ConnectionString(builder.Configuration));
        builder.Services.AddGeoHubGraphQL();

        var app = builder.Build();
        app.MapGeoHubEndpoints();
        return app;
    }
}
