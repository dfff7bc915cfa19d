using System.Diagnostics.Metrics;
using System.Text.Json;

namespace WarningSystem.Ingest;

/// <summary>What ingest counts: events by type and outcome, and how many events each group commit carries.</summary>
public static class IngestMetrics
{
    static readonly Counter<long> Events = TelemetrySetup.Meter.CreateCounter<long>("warningsystem.ingest.events", "{event}",
        "Events posted, by type and outcome: accepted, duplicate (a retry), conflict (eventId reused), rejected (invalid)");

    static readonly Histogram<int> CommitSize = TelemetrySetup.Meter.CreateHistogram("warningsystem.ingest.commit.size", "{event}",
        "Events per group commit", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });

    static readonly Histogram<double> CommitDuration = TelemetrySetup.Meter.CreateHistogram<double>("warningsystem.ingest.commit.duration", "s",
        "Time a group commit spends looking up retried events (phase lookup) and appending and committing (phase append)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

    public static void Outcome(PendingEvent pending, AppendStatus status) =>
        Count(EventCatalog.NameOf(pending.Data.GetType()), status.ToString().ToLowerInvariant());

    /// <summary>A rejected event is counted under its type only when that is a known type: tags stay a small set.</summary>
    public static void Rejected(JsonElement item) => Count(
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && EventCatalog.Types.ContainsKey(type.GetString()!) ? type.GetString()! : "unknown", "rejected");

    public static void Committed(int events) => CommitSize.Record(events);

    /// <summary>The phases of one commit: what a request waits for after its own parsing, besides the queue.</summary>
    public static void CommitPhases(TimeSpan lookup, TimeSpan append)
    {
        CommitDuration.Record(lookup.TotalSeconds, new KeyValuePair<string, object?>("phase", "lookup"));
        CommitDuration.Record(append.TotalSeconds, new KeyValuePair<string, object?>("phase", "append"));
    }

    static void Count(string type, string outcome) =>
        Events.Add(1, new KeyValuePair<string, object?>("event.type", type), new KeyValuePair<string, object?>("outcome", outcome));
}
