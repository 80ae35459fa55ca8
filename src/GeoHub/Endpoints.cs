using GeoHub.BattleMap;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Pages;
using GraphQL;
using GraphQL.Types;

namespace GeoHub;

public static class Endpoints
{
    public static WebApplication MapGeoHubEndpoints(this WebApplication app)
    {
        // WebSocket upgrades of /graphql speak graphql-transport-ws (subscriptions); the rest is GraphQL over HTTP.
        app.UseGraphQLWebSockets("/graphql");
        app.MapGraphQLHttp("/graphql");
        app.MapBattleMapEndpoints();
        app.MapPageEndpoints();
        app.MapGet("/schema.graphql", (ISchema schema) => Results.Text(schema.Print(), "text/plain; charset=utf-8"));

        // The process lives: a supervisor restarts it otherwise. Nothing here depends on the
        // database, whose outages a restart would not fix.
        app.MapGet("/health", () => Results.Text("ok", "text/plain; charset=utf-8"));

        // Ready to serve right answers (Readiness): a load balancer sends traffic only here.
        app.MapGet("/ready", async (DatabaseRoutes routes, VenueReachFiller reach, CancellationToken cancellationToken) =>
        {
            var report = await Readiness.CheckAsync(routes, cancellationToken);
            if (report.DerivedData == "filling")
            {
                await reach.PokeAsync(cancellationToken);
            }

            return Results.Json(report, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
