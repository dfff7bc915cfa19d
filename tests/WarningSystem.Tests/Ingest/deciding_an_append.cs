namespace WarningSystem.Tests.Ingest;

public class deciding_an_append
{
    static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    static PendingEvent Craving(string eventId, int intensity) =>
        PendingEvent.Create("c1", "p1", eventId, new CravingReported(intensity), At, "nurse");

    static StoredEvent Stored(PendingEvent e, long sequence) => new(e.PatientId, sequence, 1, e.ContentHash);

    static AppendOutcome Accepted(long sequence) => new(AppendStatus.Accepted, "p1", sequence, sequence);

    [Fact]
    public void new_events_are_appended_and_accepted()
    {
        PendingEvent[] events = [Craving("e1", 5), Craving("e2", 6)];

        var plan = AppendDecision.Decide(events, new Dictionary<Guid, StoredEvent>());
        var outcomes = AppendDecision.Complete(plan, events, new Dictionary<int, AppendOutcome> { [0] = Accepted(10), [1] = Accepted(11) });

        plan.Fresh.ShouldBe([0, 1]);
        outcomes.Select(o => (o.Status, o.Sequence)).ShouldBe([(AppendStatus.Accepted, 10L), (AppendStatus.Accepted, 11L)]);
    }

    [Fact]
    public void a_stored_event_sent_again_is_a_duplicate_and_with_other_content_a_conflict()
    {
        var original = Craving("e1", 5);
        PendingEvent[] events = [Craving("e1", 5), Craving("e1", 9)];

        var plan = AppendDecision.Decide(events, new Dictionary<Guid, StoredEvent> { [original.Id] = Stored(original, 7) });
        var outcomes = AppendDecision.Complete(plan, events, new Dictionary<int, AppendOutcome>());

        plan.Fresh.ShouldBeEmpty();
        outcomes.Select(o => (o.Status, o.Sequence)).ShouldBe([(AppendStatus.Duplicate, 7L), (AppendStatus.Conflict, 7L)]);
    }

    [Fact]
    public void the_same_id_twice_in_one_commit_is_appended_once_and_the_repeat_takes_its_outcome()
    {
        PendingEvent[] events = [Craving("e1", 5), Craving("e1", 5), Craving("e1", 8)];

        var plan = AppendDecision.Decide(events, new Dictionary<Guid, StoredEvent>());
        var outcomes = AppendDecision.Complete(plan, events, new Dictionary<int, AppendOutcome> { [0] = Accepted(3) });

        plan.Fresh.ShouldBe([0]);
        outcomes.Select(o => (o.Status, o.Sequence)).ShouldBe(
            [(AppendStatus.Accepted, 3L), (AppendStatus.Duplicate, 3L), (AppendStatus.Conflict, 3L)]);
    }
}
