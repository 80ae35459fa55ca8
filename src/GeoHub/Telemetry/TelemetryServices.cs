using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GeoHub.Telemetry;

/// <summary>
/// The signals operators read: Prometheus metrics at /metrics, OpenTelemetry traces (HTTP server
/// spans named after the GraphQL operation, with Npgsql's command spans under them) exported over
/// OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and JSON logs whose scopes carry the trace id.
/// </summary>
public static class TelemetryServices
{
    public static WebApplicationBuilder AddGeoHubTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One JSON object a line, with the trace and span ids in its scopes: logs join the traces.
        builder.Logging.AddJsonConsole(json => json.IncludeScopes = true);
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var otlp = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("geohub"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(GeoHubMetrics.MeterName)
                // Every scrape reads the counters as they are: the exporter's default 300 ms reuse of
                // a scrape's answer hid requests answered just before the next scrape.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        // Spans only where something collects them: sampling and tagging every request's spans
        // for no exporter was a few percent of a small query's CPU. Logs keep their trace ids
        // either way (ASP.NET Core starts each request's activity itself).
        if (!string.IsNullOrEmpty(otlp))
        {
            // Endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http => http.Request.Path != "/metrics")
                .AddNpgsql()
                .AddSource(GeoHubMetrics.ActivitySourceName)
                .AddOtlpExporter());
        }

        return builder;
    }

    public static WebApplication MapGeoHubTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
