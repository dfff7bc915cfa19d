using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
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
    /// Traces and metrics from ASP.NET Core, outbound HTTP, Npgsql, Wolverine, Marten and this service, under the
    /// service's name, version and instance. Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, scraped from
    /// /metrics when Telemetry:Prometheus is true, and otherwise kept in process. Logs carry the trace and span ids.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = builder.Configuration.GetValue<bool>("Telemetry:Prometheus");
        var version = typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "warningsystem",
                serviceVersion: version.Split('+')[0],
                serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Source.Name, "Wolverine", "Marten")
                    // Query strings are dropped from spans: ids belong in routes, never anything clinical.
                    .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null))
                    // Outbound calls are webhook deliveries: a receiver's URL can carry its credentials, so only its origin is kept.
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                    {
                        activity.SetTag("url.full", request.RequestUri?.GetLeftPart(UriPartial.Authority));
                        activity.SetTag("url.path", null);
                        activity.SetTag("url.query", null);
                    })
                    .AddNpgsql();
                if (export) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                // System.Runtime: the runtime's own meter (GC heap, working set, thread pool), for sizing a node's memory.
                metrics.AddMeter(Source.Name, "Wolverine", "Marten", "System.Runtime").AddAspNetCoreInstrumentation();
                if (export) metrics.AddOtlpExporter();
                if (prometheus) metrics.AddPrometheusExporter();
            });
        builder.Services.AddHostedService<MessageStoreGauge>();

        // Every log line written inside a span names its trace and span (the JSON console formatter shows them as a scope).
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint at /metrics, when switched on. It holds counts and no clinical data.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Telemetry:Prometheus")) app.MapPrometheusScrapingEndpoint().AllowAnonymous();
        return app;
    }
}
