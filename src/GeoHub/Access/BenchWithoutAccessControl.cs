using Npgsql;

namespace GeoHub.Access;

/// <summary>
/// <c>GeoHub:BenchWithoutAccessControl</c>: the peer bench's measure of what access control
/// costs (issue 8: with a token, by id and nearest units keep ≥ 90% of their throughput without
/// it). The same binary on the same database then skips the access layer's per-request work —
/// reading the token, the caller, the rate limiter, the audit trail — and answers every request
/// as an ADMIN. It is honoured only on a benchmark database (<c>geohub_bench_*</c>, which
/// `make bench` loads from the generated maps); anywhere else the server refuses to start, so the
/// setting cannot open a real deployment by mistake.
/// </summary>
public static partial class BenchWithoutAccessControl
{
    public const string Setting = "GeoHub:BenchWithoutAccessControl";

    private static readonly Caller Unrestricted = new(Role.Admin, [], null, "bench-without-access-control");

    /// <summary>Whether the setting is on; throws when it is on outside a benchmark database.</summary>
    public static bool IsOn(IConfiguration configuration, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!configuration.GetValue<bool>(Setting))
        {
            return false;
        }

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database ?? string.Empty;
        if (!database.StartsWith("geohub_bench_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Setting} turns access control off and is for the peer bench only: the database '{database}' is not a benchmark database (geohub_bench_*).");
        }

        return true;
    }

    /// <summary>Every request is the unrestricted caller; nothing else of the access layer runs.</summary>
    public static WebApplication UseUnrestrictedCaller(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        AccessControlOff(app.Logger, Setting);
        app.Use((http, next) =>
        {
            http.RequestServices.GetRequiredService<RequestAccess>().Caller = Unrestricted;
            return next(http);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is on: access control is off (benchmark database only).")]
    private static partial void AccessControlOff(ILogger logger, string setting);
}
