using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace WarningSystem.Shared;

public static class TelemetrySetup
{
    public const string MeterName = "WarningSystem";

    /// <summary>The service's own spans. They carry identifiers and counts only, never clinical data.</summary>
    public static readonly ActivitySource Source = new(MeterName);

    /// <summary>The service's own metrics; each feature defines its instruments on it. Tags never name a patient.</summary>
    public static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Traces and metrics from ASP.NET Core, Wolverine, Marten and this service. Exported over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set, scraped from /metrics when Telemetry:Prometheus is true, and otherwise kept
    /// in process.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = builder.Configuration.GetValue<bool>("Telemetry:Prometheus");

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource(Source.Name, "Wolverine", "Marten")
                    // Query strings are dropped from spans: ids belong in routes, never anything clinical.
                    .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null));
                if (export) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Source.Name, "Wolverine", "Marten").AddAspNetCoreInstrumentation();
                if (export) metrics.AddOtlpExporter();
                if (prometheus) metrics.AddPrometheusExporter();
            });
        builder.Services.AddHostedService<MessageStoreGauge>();
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint at /metrics, when switched on. It holds counts and no clinical data.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Telemetry:Prometheus")) app.MapPrometheusScrapingEndpoint().AllowAnonymous();
        return app;
    }
}
