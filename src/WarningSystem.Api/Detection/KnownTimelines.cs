using JasperFx.Events;
using Marten.Services.BatchQuerying;
using WarningSystem.Ingest;

namespace WarningSystem.Detection;

/// <summary>
/// The timelines of recently seen patients, as far as detection has read them, so the next page of a patient's events
/// adds to what is held instead of reading the patient's whole stream again. Events of one patient reach detection
/// in stream order, so a page usually carries exactly the versions after the held one. Anything else (versions the
/// subscription does not take, a patient not held, a subscription rewound to replay) is read from the store, so
/// detection sees the same timeline with this cache or without it, only sooner.
/// </summary>
public sealed class KnownTimelines
{
    /// <summary>
    /// The default room (<c>Detection:TimelineCacheEntries</c>), counted in timeline entries plus one per patient, not
    /// in patients, so memory stays bounded whatever mix of long and short histories is held: a long history takes the
    /// room of many short ones.
    /// </summary>
    public const int DefaultEntries = 150_000;

    sealed record Held(PatientTimeline Timeline, long Version);

    readonly RandomEvictionCache<(string, string), Held> held;

    public KnownTimelines(int entries = DefaultEntries) => held = new(Math.Max(entries, 1));

    /// <summary>
    /// What to read for one patient's events of a page: adds any stream read to <paramref name="batch"/> and answers
    /// a function that gives the patient's timeline up to the page's newest event once the batch has run.
    /// </summary>
    public Func<Task<PatientTimeline>> Read(string clinicId, IReadOnlyList<IEvent> pageEvents, IBatchedQuery batch)
    {
        var key = (clinicId, pageEvents[0].StreamKey!);
        var ordered = pageEvents.OrderBy(e => e.Version).ToList();
        var (first, last) = (ordered[0].Version, ordered[^1].Version);

        if (held.TryGet(key, out var known) && known.Version < first)
        {
            if (known.Version == first - 1 && last - first + 1 == ordered.Count)
                return () => Task.FromResult(Keep(key, known.Timeline.With(ordered), last));
            var between = batch.Events.FetchStream(key.Item2, last, fromVersion: known.Version + 1);
            return async () => Keep(key, known.Timeline.With(await between), last);
        }
        var whole = batch.Events.FetchStream(key.Item2, last);
        return async () => Keep(key, PatientTimeline.Of(await whole), last);
    }

    PatientTimeline Keep((string, string) key, PatientTimeline timeline, long version)
    {
        held.Set(key, new Held(timeline, version), timeline.Entries.Count + 1);
        return timeline;
    }
}
