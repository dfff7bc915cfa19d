using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class missed_follow_ups
{
    static readonly Rule Rule = MissedFollowUps.Rule;

    [Fact]
    public void does_not_fire_on_one_missed_follow_up()
    {
        new TimelineBuilder().Add(0, Make.Missed()).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_on_a_second_miss_within_thirty_days()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Missed(), "m1")
            .Add(TimelineBuilder.Day(30).AddMinutes(-1), Make.Missed(), "m2")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.Medium);
        finding.EvidenceIds().ShouldBe(["m1", "m2"]);
        finding.Explanation.ShouldContain("2 missed follow-ups in the 30 days ending 2026-12-02, at or above the threshold of 2");
    }

    [Fact]
    public void does_not_fire_on_misses_exactly_thirty_days_apart()
    {
        new TimelineBuilder().Add(0, Make.Missed()).Add(30, Make.Missed()).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void is_high_with_an_off_schedule_request_in_the_window_which_is_evidence()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Missed(), "m1")
            .Add(5, Make.Request(), "r1")
            .Add(10, Make.Missed(), "m2")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.High);
        finding.EvidenceIds().ShouldBe(["m1", "r1", "m2"]);
        finding.Explanation.ShouldContain("High because of 1 off-schedule request");
    }

    [Fact]
    public void stays_medium_when_the_request_is_outside_the_window()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Request(), "r1")
            .Add(10, Make.Missed())
            .Add(30, Make.Missed())
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.Medium);
        finding.EvidenceIds().ShouldNotContain("r1");
    }

    [Fact]
    public void fires_only_at_a_missed_follow_up()
    {
        new TimelineBuilder().Add(0, Make.Missed()).Add(1, Make.Missed()).Add(2, Make.Request())
            .Evaluate(Rule).ShouldBeNull();
    }
}
