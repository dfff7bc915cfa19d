using System.Text.Json;
using JasperFx.Events;

namespace WarningSystem.Ingest;

/// <summary>
/// What the EHR told us about an event besides its data, kept as Marten event headers. Marten's own timestamp is
/// the record time; occurredAt is the event time every rule works on.
/// </summary>
public static class EventHeaders
{
    public const string OccurredAt = "occurredAt";
    public const string SourceEventId = "eventId";
    public const string RecordedBy = "recordedBy";
    public const string ContentHash = "contentHash";

    public static void Stamp(IEvent stored, PendingEvent pending)
    {
        stored.Id = pending.Id;
        stored.SetHeader(OccurredAt, pending.OccurredAt.ToString("O"));
        stored.SetHeader(SourceEventId, pending.SourceEventId);
        stored.SetHeader(RecordedBy, pending.RecordedBy);
        stored.SetHeader(ContentHash, pending.ContentHash);
        EventTrace.Stamp(stored, pending.TraceParent);
    }

    public static DateTimeOffset OccurredAtOf(this IEvent e) =>
        DateTimeOffset.Parse(Text(e, OccurredAt) ?? throw new InvalidOperationException($"Event {e.Id} has no occurredAt"),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id the EHR gave the event (the service's own id for events without one).</summary>
    public static string SourceEventIdOf(this IEvent e) => e.Text(SourceEventId) ?? e.Id.ToString();

    public static string? Text(this IEvent e, string header) => e.Headers?.GetValueOrDefault(header) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        var other => other.ToString(),
    };
}
