using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace WarningSystem.IntegrationTests.Operations;

/// <summary>
/// A host whose OpenTelemetry pipeline also exports to memory: every finished span as it ends, and the metrics when a
/// test flushes them. The Prometheus scrape endpoint is switched on.
/// </summary>
public sealed class TelemetryFixture : ServiceFixture
{
    readonly LockedList<Activity> spans = new();
    readonly LockedList<MetricSnapshot> metrics = new();

    /// <summary>The scope provider the host's logger factory hands its providers: it adds the trace to each scope.</summary>
    public ScopeCapture Scopes { get; } = new();

    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Telemetry:Prometheus", "true"), ("Telemetry:SampleSeconds", "0.2"), ("Health:SampleSeconds", "0.2")];

    protected override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(Scopes);
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        // Exported only when a test flushes, so a test sees the totals as of its own flush.
        services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics,
            reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000));
    }

    /// <summary>Every span finished so far.</summary>
    public IReadOnlyList<Activity> Spans() => spans.Snapshot();

    /// <summary>The metrics as of now: the last export of each, after a flush.</summary>
    public IReadOnlyDictionary<string, MetricSnapshot> Metrics()
    {
        metrics.Clear();
        // The Prometheus reader answers false (it is read by scrapes, not flushed); the in-memory one is flushed all the same.
        Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        return metrics.Snapshot().GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
    }
}

/// <summary>The exporters add from the threads that end spans; tests read a copy.</summary>
public sealed class LockedList<T> : Collection<T>
{
    protected override void InsertItem(int index, T item)
    {
        lock (this) base.InsertItem(index, item);
    }

    protected override void ClearItems()
    {
        lock (this) base.ClearItems();
    }

    public List<T> Snapshot()
    {
        lock (this) return this.ToList();
    }
}

/// <summary>Logs nothing; keeps the scope provider the logger factory gives every provider that takes external scopes.</summary>
public sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
{
    public IExternalScopeProvider? Provider { get; private set; }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Provider = scopeProvider;

    public ILogger CreateLogger(string categoryName) => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose() { }
}

[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "telemetry";
}
