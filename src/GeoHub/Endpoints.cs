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
        // What routing answers by itself (404 for no route, 405 for another method) carries a
        // code like every other refusal: a GraphQL error on /graphql, { code, message } elsewhere.
        app.UseStatusCodePages(context => WriteCodedStatusAsync(context.HttpContext));
        // WebSocket upgrades of /graphql speak graphql-transport-ws (subscriptions); the rest is GraphQL over HTTP.
        app.UseGraphQLWebSockets("/graphql");
        app.MapGraphQLHttp("/graphql");
        app.MapBattleMapEndpoints();
        app.MapCompoundHistoryTiles();
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

    private static Task WriteCodedStatusAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var (code, message) = status switch
        {
            StatusCodes.Status404NotFound => (ErrorCodes.NotFound, $"No resource at {http.Request.Path}."),
            StatusCodes.Status405MethodNotAllowed => (ErrorCodes.MethodNotAllowed, $"{http.Request.Method} is not allowed on {http.Request.Path}."),
            _ => (ErrorCodes.BadRequest, $"The request was refused (HTTP {status})."),
        };
        return http.Request.Path.StartsWithSegments("/graphql", StringComparison.Ordinal)
            ? Results.Json(new { errors = new[] { new { message, extensions = new { code } } } }, statusCode: status).ExecuteAsync(http)
            : Results.Json(new { code, message }, statusCode: status).ExecuteAsync(http);
    }
}
