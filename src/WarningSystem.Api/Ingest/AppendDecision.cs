namespace WarningSystem.Ingest;

public enum AppendStatus { Accepted, Duplicate, Conflict }

/// <summary>The result for one event: where it is stored, or why it was not stored again.</summary>
public sealed record AppendOutcome(AppendStatus Status, string PatientId, long Sequence, long Version);

/// <summary>An event already in the store, as much as deciding about a retry of it needs.</summary>
public sealed record StoredEvent(string PatientId, long Sequence, long Version, string? ContentHash);

/// <summary>
/// What a commit does with each event, as a pure decision. An event stored before is a duplicate when its content
/// is the same and a conflict when not; of events with the same id in one commit only the first is appended, and
/// the others take its outcome once it is known (duplicate or conflict, by content again).
/// </summary>
public static class AppendDecision
{
    /// <param name="Fresh">The events to append, by their index in the commit.</param>
    /// <param name="Decided">Outcomes known before the commit (events stored earlier); null where not yet known.</param>
    /// <param name="FirstOf">For each event, the index of the first event in the commit with its id.</param>
    public sealed record Plan(IReadOnlyList<int> Fresh, AppendOutcome?[] Decided, int[] FirstOf);

    public static Plan Decide(IReadOnlyList<PendingEvent> events, IReadOnlyDictionary<Guid, StoredEvent> stored)
    {
        var decided = new AppendOutcome?[events.Count];
        var firstOf = new int[events.Count];
        var first = new Dictionary<Guid, int>();
        var fresh = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            firstOf[i] = first.TryAdd(events[i].Id, i) ? i : first[events[i].Id];
            if (stored.TryGetValue(events[i].Id, out var existing)) decided[i] = Repeat(existing, events[i].ContentHash);
            else if (firstOf[i] == i) fresh.Add(i);
        }
        return new(fresh, decided, firstOf);
    }

    /// <summary>Every event's outcome, once the fresh ones are appended with these outcomes (by index).</summary>
    public static AppendOutcome[] Complete(Plan plan, IReadOnlyList<PendingEvent> events, IReadOnlyDictionary<int, AppendOutcome> appended)
    {
        var outcomes = new AppendOutcome[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var first = plan.FirstOf[i];
            outcomes[i] = plan.Decided[i] ?? (i == first
                ? appended[i]
                : appended[first] with { Status = Same(events[first].ContentHash, events[i].ContentHash) });
        }
        return outcomes;
    }

    static AppendOutcome Repeat(StoredEvent existing, string contentHash) =>
        new(Same(existing.ContentHash, contentHash), existing.PatientId, existing.Sequence, existing.Version);

    static AppendStatus Same(string? stored, string incoming) => stored == incoming ? AppendStatus.Duplicate : AppendStatus.Conflict;
}
