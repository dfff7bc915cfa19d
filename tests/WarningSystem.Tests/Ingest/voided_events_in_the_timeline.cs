using WarningSystem.Ingest;

namespace WarningSystem.Tests.Ingest;

public class voided_events_in_the_timeline
{
    static readonly DateTimeOffset Day0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    static readonly PatientTimeline Timeline = PatientTimeline.From(
    [
        new TimelineEntry("a", 1, Day0, new CravingReported(5)),
        new TimelineEntry("b", 2, Day0.AddDays(1), new CravingReported(6)),
        new TimelineEntry("void-a", 3, Day0.AddDays(2), new EventVoided("a", "wrong patient")),
    ]);

    [Fact]
    public void before_the_void_was_recorded_the_original_is_known()
    {
        Timeline.KnownAt(2).Entries.Select(e => e.EventId).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void from_the_void_on_the_voided_event_is_gone_and_the_void_itself_stays()
    {
        Timeline.KnownAt(3).Entries.Select(e => e.EventId).ShouldBe(["b", "void-a"]);
        Timeline.KnownAt(3).Of<CravingReported>().Count().ShouldBe(1);
    }
}
