using GeoHub.BattleMap;
using GeoHub.GraphQL;
using GeoHub.Pages;
using GraphQL;
using GraphQL.Types;
using Npgsql;

namespace GeoHub;

public static class Endpoints
{
    public static WebApplication MapGeoHubEndpoints(this WebApplication app)
    {
        app.MapGraphQLHttp("/graphql");
        app.MapBattleMapEndpoints();
        app.MapPageEndpoints();
        app.MapGet("/schema.graphql", (ISchema schema) => Results.Text(schema.Print(), "text/plain; charset=utf-8"));

        // 200 only while the database answers: a load balancer takes the instance out otherwise.
        app.MapGet("/health", async (NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                command.CommandTimeout = 3;
                await command.ExecuteScalarAsync(cancellationToken);
                return Results.Text("ok", "text/plain; charset=utf-8");
            }
            catch (NpgsqlException)
            {
                return Results.Text("database unavailable", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}
