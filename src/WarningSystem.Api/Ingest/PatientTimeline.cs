using JasperFx.Events;

namespace WarningSystem.Ingest;

/// <summary>One patient event as the rules see it: its data, its event time, and where it sits in the log.</summary>
public sealed record TimelineEntry(string EventId, long Sequence, DateTimeOffset OccurredAt, object Data);

/// <summary>
/// A patient's events in event-time order (ties broken by sequence), whatever order they arrived in. Rules read
/// a timeline that ends at the event they are evaluated at, so they never look into that event's future.
/// </summary>
public sealed class PatientTimeline
{
    public IReadOnlyList<TimelineEntry> Entries { get; }

    /// <summary>Whose timeline this is, when it was read from a stored stream; rules never need it.</summary>
    public string? PatientId { get; }

    PatientTimeline(IReadOnlyList<TimelineEntry> sorted, string? patientId) => (Entries, PatientId) = (sorted, patientId);

    public static PatientTimeline From(IEnumerable<TimelineEntry> entries, string? patientId = null) =>
        new(entries.OrderBy(e => e.OccurredAt).ThenBy(e => e.Sequence).ToList(), patientId);

    /// <summary>A patient's stream as stored, each event under the id the EHR gave it and at its event time.</summary>
    public static PatientTimeline Of(IEnumerable<IEvent> stream)
    {
        var events = stream as IReadOnlyList<IEvent> ?? stream.ToList();
        return From(EntriesOf(events), events.FirstOrDefault()?.StreamKey);
    }

    /// <summary>This timeline with events stored after the ones it was read from.</summary>
    public PatientTimeline With(IReadOnlyCollection<TimelineEntry> later) =>
        later.Count == 0 ? this : From(Entries.Concat(later), PatientId);

    /// <summary>Timeline entries of those of these events whose type is a patient event of the catalog.</summary>
    public static IEnumerable<TimelineEntry> EntriesOf(IEnumerable<IEvent> events) => events
        .Where(e => EventCatalog.Types.ContainsKey(EventCatalog.NameOf(e.EventType)))
        .Select(e => new TimelineEntry(e.SourceEventIdOf(), e.Sequence, e.OccurredAtOf(), e.Data));

    /// <summary>The event this history ends at: the one a rule is evaluated at.</summary>
    public TimelineEntry Latest => Entries[^1];

    /// <summary>
    /// What had been recorded when the event with this sequence was stored, without the events voided by then: a
    /// void counts from the moment it was recorded, so an earlier point in the log still sees the original.
    /// </summary>
    public PatientTimeline KnownAt(long sequence)
    {
        var known = Entries.Where(e => e.Sequence <= sequence).ToList();
        var voided = known.Select(e => e.Data).OfType<EventVoided>().Select(v => v.VoidedEventId).ToHashSet();
        return new(voided.Count == 0 ? known : known.Where(e => !voided.Contains(e.EventId)).ToList(), PatientId);
    }

    /// <summary>The history ending at the entry with this index.</summary>
    public PatientTimeline UpTo(int index) => new(Entries.Take(index + 1).ToList(), PatientId);

    public int IndexOf(string eventId)
    {
        for (var i = 0; i < Entries.Count; i++)
            if (Entries[i].EventId == eventId) return i;
        return -1;
    }

    /// <summary>Entries of one event type, oldest first.</summary>
    public IEnumerable<(TimelineEntry Entry, T Data)> Of<T>() =>
        Entries.Where(e => e.Data is T).Select(e => (e, (T)e.Data));

    /// <summary>Entries less than <paramref name="span"/> before <paramref name="until"/>, up to and including it.</summary>
    public IEnumerable<(TimelineEntry Entry, T Data)> Within<T>(TimeSpan span, DateTimeOffset until) =>
        Of<T>().Where(x => x.Entry.OccurredAt <= until && until - x.Entry.OccurredAt < span);

    /// <summary>The latest entry of a type at or before the given time, if any.</summary>
    public (TimelineEntry Entry, T Data)? LatestOf<T>(DateTimeOffset until) =>
        Of<T>().Where(x => x.Entry.OccurredAt <= until).Select(x => ((TimelineEntry, T)?)x).LastOrDefault();
}
