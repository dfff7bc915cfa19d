using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class detecting_a_new_event
{
    static IReadOnlyList<Finding> Detect(TimelineBuilder known, string newEventId, Protocol? protocol = null) =>
        Detector.Detect(RuleSet.Default, known.Build(), newEventId, protocol ?? Protocol.Default);

    [Fact]
    public void finds_a_pattern_that_a_late_event_completes_at_a_later_anchor()
    {
        var known = new TimelineBuilder()
            .Add(10, Make.Request(), "on-time")
            .Add(5, Make.Request(), "late");

        var finding = Detect(known, "late").ShouldHaveSingleItem();

        finding.RuleId.ShouldBe(OffScheduleRequests.Id);
        finding.Anchor.EventId.ShouldBe("on-time");
        finding.EvidenceIds().ShouldBe(["late", "on-time"]);
    }

    [Fact]
    public void yields_nothing_for_an_event_that_is_not_part_of_a_pattern()
    {
        var known = new TimelineBuilder()
            .Add(0, Make.Request()).Add(1, Make.Request())
            .Add(2, Make.Craving(2, during: false), "mild");

        Detect(known, "mild").ShouldBeEmpty();
        Detect(known, "unknown-event").ShouldBeEmpty();
    }

    [Fact]
    public void yields_nothing_for_a_late_event_before_a_pattern_it_is_not_part_of()
    {
        var known = new TimelineBuilder()
            .Add(1, Make.Request()).Add(2, Make.Request())
            .Add(0, Make.Craving(2, during: false), "late-mild");

        Detect(known, "late-mild").ShouldBeEmpty();
    }

    [Fact]
    public void does_not_report_again_what_an_unrelated_new_event_sits_next_to()
    {
        var known = new TimelineBuilder()
            .Add(0, Make.Request()).Add(1, Make.Request())
            .Add(2, Make.Session(), "session");

        Detect(known, "session").ShouldBeEmpty();
    }

    [Fact]
    public void merges_the_findings_of_one_rule_into_the_most_severe_with_all_their_evidence()
    {
        // At "late" (day 5): r0 and late, medium. At r15 (day 15): r0 has left the window, but the take-home
        // request makes it high. One finding, worded as the high one, with the evidence of both.
        var known = new TimelineBuilder()
            .Add(0, Make.Request(), "r0")
            .Add(15, Make.Request(OffScheduleKind.TakeHome), "r15")
            .Add(5, Make.Request(), "late");

        var finding = Detect(known, "late").ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.High);
        finding.Anchor.EventId.ShouldBe("r15");
        finding.Summary.ShouldBe("2 off-schedule requests in 14 days");
        finding.EvidenceIds().ShouldBe(["r0", "late", "r15"]);
    }

    [Fact]
    public void among_findings_of_equal_severity_keeps_the_latest_anchor()
    {
        var protocol = Protocol.Default.With(OffScheduleRequests.Rule.Section, new(HighCount: 10));
        var known = new TimelineBuilder()
            .Add(3, Make.Request(), "r3")
            .Add(5, Make.Request(), "r5")
            .Add(1, Make.Request(), "late");

        var finding = Detect(known, "late", protocol).ShouldHaveSingleItem();

        finding.Anchor.EventId.ShouldBe("r5");
        finding.Summary.ShouldBe("3 off-schedule requests in 14 days");
        finding.EvidenceIds().ShouldBe(["late", "r3", "r5"]);
    }

    [Fact]
    public void looks_no_further_than_the_longest_rule_window_after_the_new_event()
    {
        // The late first dose makes the day-40 dose 1.75x the first: a finding 40 days after the new event.
        var known = new TimelineBuilder()
            .Add(20, Make.Ketamine(0.5m), "d20")
            .Add(40, Make.Ketamine(0.7m), "d40")
            .Add(0, Make.Ketamine(0.4m), "late-first");

        RuleSet.Default.MaxWindowDays(Protocol.Default).ShouldBe(30);
        Detect(known, "late-first").ShouldBeEmpty();
        var longer = Protocol.Default.With(RuleSet.Default.Composite.Section, RuleSet.Default.Composite.Section.Defaults with { WindowDays = 45 });
        Detect(known, "late-first", longer).ShouldHaveSingleItem().Anchor.EventId.ShouldBe("d40");
    }

    [Fact]
    public void always_gives_the_same_output_for_the_same_input()
    {
        var known = new TimelineBuilder()
            .Add(-1, Make.Plan(0.5m), "plan")
            .Add(0, Make.Ketamine(0.5m)).Add(1, Make.Ketamine(0.6m)).Add(2, Make.Ketamine(0.7m))
            .Add(3, Make.Craving(8)).Add(4, Make.Request()).Add(5, Make.Request())
            .Add(3.5, Make.Ketamine(0.9m), "late");
        var timeline = known.Build();
        var reordered = PatientTimeline.From(timeline.Entries.Reverse());

        string Render(IReadOnlyList<Finding> findings) => string.Join("\n", findings.Select(f =>
            $"{f.RuleId}|{f.Severity}|{f.Anchor.EventId}|{string.Join(",", f.EvidenceIds())}|{f.Summary}|{f.Explanation}"));
        var first = Render(Detector.Detect(RuleSet.Default, timeline, "late", Protocol.Default));

        first.ShouldNotBeEmpty();
        Render(Detector.Detect(RuleSet.Default, timeline, "late", Protocol.Default)).ShouldBe(first);
        Render(Detector.Detect(RuleSet.Default, reordered, "late", Protocol.Default)).ShouldBe(first);
    }

    [Fact]
    public void returns_one_finding_per_rule_ordered_by_rule_id()
    {
        var known = new TimelineBuilder()
            .Add(0, Make.Craving(8), "c")
            .Add(1, Make.Request(), "r1")
            .Add(2, Make.Request(), "r2")
            .Add(3, Make.Withdrawal(SymptomSeverity.Moderate), "w");

        var findings = Detect(known, "w");

        findings.Select(f => f.RuleId).ShouldBe([ElevatedMisuseRisk.Id, WithdrawalSigns.Id]);
        findings[0].Severity.ShouldBe(Severity.High);
        findings[0].EvidenceIds().ShouldBe(["c", "r1", "r2", "w"]);
        findings[0].Explanation.ShouldContain("score 6 reaches the threshold of 6");
    }
}
