using JasperFx.Events;
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
    /// The timeline of each patient of a page up to that patient's newest event in it. What is not held (or not all
    /// of it) is read for all of them in one statement; a patient whose page carries exactly the versions after the
    /// held one reads nothing.
    /// </summary>
    public async Task<IReadOnlyList<PatientTimeline>> ReadAsync(IDocumentStore store, string clinicId,
        IReadOnlyList<IReadOnlyList<IEvent>> patients, CancellationToken token)
    {
        var timelines = new PatientTimeline[patients.Count];
        var wanted = new List<(int Index, string PatientId, long From, long To, PatientTimeline? Held)>();
        for (var i = 0; i < patients.Count; i++)
        {
            var key = (clinicId, patients[i][0].StreamKey!);
            var ordered = patients[i].OrderBy(e => e.Version).ToList();
            var (first, last) = (ordered[0].Version, ordered[^1].Version);
            if (!held.TryGet(key, out var known) || known.Version >= first) wanted.Add((i, key.Item2, 1, last, null));
            else if (known.Version == first - 1 && last - first + 1 == ordered.Count)
                timelines[i] = Keep(key, known.Timeline.With(PatientTimeline.EntriesOf(ordered).ToList()), last);
            else wanted.Add((i, key.Item2, known.Version + 1, last, known.Timeline));
        }
        if (wanted.Count == 0) return timelines;

        var read = await StoredEntries.ReadAsync(store, clinicId, wanted.Select(w => (w.PatientId, w.From, w.To)).ToList(), token);
        foreach (var w in wanted)
        {
            var entries = read.GetValueOrDefault(w.PatientId) ?? [];
            timelines[w.Index] = Keep((clinicId, w.PatientId),
                w.Held?.With(entries) ?? PatientTimeline.From(entries, w.PatientId), w.To);
        }
        return timelines;
    }

    PatientTimeline Keep((string, string) key, PatientTimeline timeline, long version)
    {
        held.Set(key, new Held(timeline, version), timeline.Entries.Count + 1);
        return timeline;
    }
}
