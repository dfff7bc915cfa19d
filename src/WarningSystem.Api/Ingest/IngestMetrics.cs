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

    public static void Outcome(PendingEvent pending, AppendStatus status) =>
        Count(EventCatalog.NameOf(pending.Data.GetType()), status.ToString().ToLowerInvariant());

    /// <summary>A rejected event is counted under its type only when that is a known type: tags stay a small set.</summary>
    public static void Rejected(JsonElement item) => Count(
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && EventCatalog.Types.ContainsKey(type.GetString()!) ? type.GetString()! : "unknown", "rejected");

    public static void Committed(int events) => CommitSize.Record(events);

    static void Count(string type, string outcome) =>
        Events.Add(1, new KeyValuePair<string, object?>("event.type", type), new KeyValuePair<string, object?>("outcome", outcome));
}
