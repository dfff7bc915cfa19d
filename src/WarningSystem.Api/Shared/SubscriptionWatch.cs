using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JasperFx.Events.Projections;

namespace WarningSystem.Shared;

/// <summary>An async-daemon subscription the readiness probe and the lag gauge watch. Each feature registers its own.</summary>
public sealed record WatchedSubscription(string Name);

/// <summary>One subscription as last sampled: how far it got, how far it could get, and whether it is stuck.</summary>
public sealed record SubscriptionState(string Name, long Position, long HighWaterMark, TimeSpan Unmoved, bool Stalled)
{
    public long Behind => Math.Max(0, HighWaterMark - Position);
}

/// <summary>How the watch judges a subscription: stalled when behind the high water mark and unmoved for <see cref="Stall"/>.</summary>
public sealed record SubscriptionWatchSettings(TimeSpan Stall, TimeSpan SampleEvery)
{
    public static SubscriptionWatchSettings From(IConfiguration configuration) => new(
        TimeSpan.FromSeconds(configuration.GetValue("Health:StallSeconds", 60.0)),
        TimeSpan.FromSeconds(configuration.GetValue("Health:SampleSeconds", 5.0)));
}

/// <summary>
/// Reads the progress of every watched subscription against the event store's high water mark (one small query of
/// Marten's progress table) and remembers when each last moved. A subscription that is behind but moving is busy,
/// not stalled; one that is behind and has not moved for the configured time is stalled.
/// </summary>
public sealed class SubscriptionWatch
{
    const string HighWaterMarkShard = "HighWaterMark";
    readonly IDocumentStore store;
    readonly SubscriptionWatchSettings settings;
    readonly TimeProvider clock;
    readonly string[] names;
    readonly ConcurrentDictionary<string, (long Position, DateTimeOffset Since)> moved = new();

    public SubscriptionWatch(IDocumentStore store, IEnumerable<WatchedSubscription> watched, SubscriptionWatchSettings settings,
        TimeProvider clock, IMeterFactory meters)
    {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        names = watched.Select(w => w.Name).Distinct().ToArray();
        meters.Create(TelemetrySetup.MeterName).CreateObservableGauge("warningsystem.subscription.lag",
            () => Latest.Select(s => new Measurement<long>(s.Behind, new KeyValuePair<string, object?>("subscription", s.Name))),
            "{event}", "Events between a subscription's position and the high water mark, as last sampled");
    }

    public IReadOnlyList<string> Names => names;

    /// <summary>The last sample, for the lag gauge; empty until the first.</summary>
    public IReadOnlyList<SubscriptionState> Latest { get; private set; } = [];

    public async Task<IReadOnlyList<SubscriptionState>> SampleAsync(CancellationToken token)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: token);
        var highWaterMark = progress.Where(p => p.ShardName == HighWaterMarkShard).Select(p => p.Sequence).DefaultIfEmpty(0).Max();
        var now = clock.GetUtcNow();
        var states = names.Select(name =>
        {
            // A subscription's progress rows are named "{Name}:All" (or one per shard); one it never recorded is at 0.
            var position = progress.Where(p => p.ShardName == name || p.ShardName.StartsWith(name + ":", StringComparison.Ordinal))
                .Select(p => p.Sequence).DefaultIfEmpty(0).Min();
            var last = moved.AddOrUpdate(name, _ => (position, now),
                (_, before) => before.Position != position || position >= highWaterMark ? (position, now) : before);
            var unmoved = now - last.Since;
            return new SubscriptionState(name, position, highWaterMark, unmoved, position < highWaterMark && unmoved >= settings.Stall);
        }).ToList();
        Latest = states;
        return states;
    }
}

/// <summary>Samples the watched subscriptions in the background, so the stall clock and the lag gauge stay current without probes.</summary>
public sealed class SubscriptionWatchSampler(SubscriptionWatch watch, SubscriptionWatchSettings settings, ILogger<SubscriptionWatchSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.SampleEvery);
        do
        {
            try
            {
                await watch.SampleAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The readiness probe reports the database; here it is enough to try again.
                logger.LogDebug("Sampling subscription progress failed: {Error}", e.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
