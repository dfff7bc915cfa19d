using System.Diagnostics.Metrics;
using Wolverine.Runtime;

namespace WarningSystem.Shared;

/// <summary>
/// Dead letters in Wolverine's message store, of every kind, as a gauge. Counting them takes a query, so they are
/// counted in the background every <c>Telemetry:SampleSeconds</c> (default 15) and the gauge reports the last count.
/// </summary>
public sealed class MessageStoreGauge : BackgroundService
{
    readonly IWolverineRuntime runtime;
    readonly TimeSpan every;
    readonly ILogger<MessageStoreGauge> logger;
    long? deadLetters;

    public MessageStoreGauge(IWolverineRuntime runtime, IMeterFactory meters, IConfiguration configuration, ILogger<MessageStoreGauge> logger)
    {
        this.runtime = runtime;
        this.logger = logger;
        every = TimeSpan.FromSeconds(configuration.GetValue("Telemetry:SampleSeconds", 15.0));
        meters.Create(TelemetrySetup.MeterName).CreateObservableGauge("warningsystem.dead_letters",
            () => deadLetters is { } count ? [new Measurement<long>(count)] : Array.Empty<Measurement<long>>(),
            "{message}", "Messages in Wolverine's dead letter storage (webhook deliveries and any other kind)");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every);
        do
        {
            try
            {
                deadLetters = (await runtime.Storage.Admin.FetchCountsAsync()).DeadLetter;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Counting dead letters failed: {Error}", e.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
