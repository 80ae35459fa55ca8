using GeoHub.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    /// <summary>
    /// A data source for <paramref name="connectionString"/>; with several hosts (a primary and
    /// its standbys), one that opens connections to the primary only, for the commands (migrate,
    /// load, import, the tests) that write.
    /// </summary>
    /// <param name="connectionString">Npgsql connection string.</param>
    /// <param name="configure">Extra set-up, such as the benchmark's statement capture.</param>
    public static NpgsqlDataSource CreateDataSource(string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var builder = CreateBuilder(connectionString, configure);
        return IsMultiHost(builder) ? builder.BuildMultiHost().WithTargetSession(TargetSessionAttributes.Primary) : builder.Build();
    }

    internal static NpgsqlDataSourceBuilder CreateBuilder(string connectionString, Action<NpgsqlDataSourceBuilder>? configure)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Every resolver takes its own short-lived context, so connections go back to the pool
        // many times per request; resetting each one (DISCARD ALL) costs a statement and drops
        // prepared plans. GeoHub sets no session state (only SET LOCAL, inside transactions).
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        // The same few statements run all day (EF's compiled queries, the roll-ups), so each
        // connection prepares those it has run twice: PostgreSQL then skips parsing and, once
        // it sees the plan does not depend on the values, planning too. A connection string
        // that sets Max Auto Prepare itself wins.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 100;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        // A host found down is skipped for this long before it is tried again (Npgsql's default is
        // 10 s): a primary back from a restart takes writes again within a second or two.
        if (IsMultiHost(builder) && !connectionString.Contains("Host Recheck Seconds", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.HostRecheckSeconds = 1;
        }

        // No JIT compilation of plans: PostgreSQL compiles a JIT plan on every execution (prepared
        // statements included) once a plan's estimated cost passes jit_above_cost, and a generic
        // plan's estimate, which cannot see its LIMIT, passes it on a big map. On the ×100 map a
        // compound's nearest units (0.4 ms of execution) spent 300 ms compiling each time. GeoHub's
        // work is PostGIS functions and index probes, which JIT does not speed up. A connection
        // string that names jit in its Options wins.
        if (builder.ConnectionStringBuilder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c jit=off".Trim();
        }

        builder.UseNetTopologySuite();
        configure?.Invoke(builder);
        return builder;
    }

    internal static bool IsMultiHost(NpgsqlDataSourceBuilder builder) => builder.ConnectionStringBuilder.Host?.Contains(',', StringComparison.Ordinal) == true;

    public static void ConfigureDb(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.UseNetTopologySuite().MigrationsHistoryTable("__migrations"))
            .UseSnakeCaseNamingConvention();

    public static IServiceCollection AddGeoHubData(
        this IServiceCollection services, string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var routes = new DatabaseRoutes(connectionString, configure);
        services.AddSingleton(routes);
        // Reads that do not go through a GraphQL request's route (the map endpoints, tiles,
        // health) take the read route: a standby where there is one.
        services.AddSingleton(routes.Reads);
        services.AddScoped<RequestRoute>();
        // Resolvers run in parallel, so each takes a short-lived context from the factory
        // instead of sharing the request's one (EF contexts are not thread-safe). The request's
        // factory hands out pooled contexts of the request's route (the primary for writes), each
        // set to the request's caller, whose rights the query filters of AccessScope read.
        services.AddScoped<IDbContextFactory<GeoHubDb>, CallerDbContextFactory>();
        // Rows are read as of a day, and "today" comes from this clock, so a test can fix the day.
        services.TryAddSingleton(TimeProvider.System);
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
