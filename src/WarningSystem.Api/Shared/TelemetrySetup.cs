using System.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace WarningSystem.Shared;

public static class TelemetrySetup
{
    /// <summary>The service's own spans and metrics. They carry identifiers and counts only, never clinical data.</summary>
    public static readonly ActivitySource Source = new("WarningSystem");

    /// <summary>
    /// Traces and metrics from ASP.NET Core, Wolverine, Marten and this service. They are exported over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set, and otherwise stay in process.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
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
            });
        return builder;
    }
}
