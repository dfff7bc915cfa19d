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

    public static DateTimeOffset OccurredAtOf(this IEvent e) => ParseOccurredAt(e.Text(OccurredAt), e.Id);

    /// <summary>The event time from its header's text, however it was read.</summary>
    public static DateTimeOffset ParseOccurredAt(string? header, Guid id) =>
        DateTimeOffset.Parse(header ?? throw new InvalidOperationException($"Event {id} has no occurredAt"),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id the EHR gave the event (the service's own id for events without one).</summary>
    public static string SourceEventIdOf(this IEvent e) => e.Text(SourceEventId) ?? e.Id.ToString();

    public static string? Text(this IEvent e, string header) => e.Headers?.GetValueOrDefault(header) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        // Marten reads a header that looks like an ISO 8601 time back as a DateTime; its ToString() would drop the
        // fraction of a second (every event time read so came out whole seconds) and follow the culture.
        DateTime time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}
