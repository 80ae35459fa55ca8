using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace GeoHub.Data;

public static class DataServices
{
    /// <summary>The private cluster that `make run` starts; GEOHUB_DB names any other PostGIS.</summary>
    public const string DefaultConnectionString =
        "Host=127.0.0.1;Port=25432;Username=geohub;Password=geohub;Database=geohub";

    /// <summary>Configuration (ConnectionStrings:GeoHub, as the test host sets it) wins, then GEOHUB_DB.</summary>
    public static string ConnectionString(IConfiguration? configuration = null) =>
        configuration?.GetConnectionString("GeoHub")
        ?? Environment.GetEnvironmentVariable("GEOHUB_DB")
        ?? DefaultConnectionString;

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Every resolver takes its own short-lived context, so connections go back to the pool
        // many times per request; resetting each one (DISCARD ALL) costs a statement and drops
        // prepared plans. GeoHub sets no session state (only SET LOCAL, inside transactions).
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    public static void ConfigureDb(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.UseNetTopologySuite().MigrationsHistoryTable("__migrations"))
            .UseSnakeCaseNamingConvention();

    public static IServiceCollection AddGeoHubData(this IServiceCollection services, string connectionString)
    {
        var dataSource = CreateDataSource(connectionString);
        services.AddSingleton(dataSource);
        // Resolvers run in parallel, so each takes a short-lived context from the factory
        // instead of sharing the request's one (EF contexts are not thread-safe).
        services.AddDbContextFactory<GeoHubDb>(options => ConfigureDb(options, dataSource));
        return services;
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web host.</summary>
internal sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<GeoHubDb>
{
    public GeoHubDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, DataServices.CreateDataSource(DataServices.ConnectionString()));
        return new GeoHubDb(options.Options);
    }
}
