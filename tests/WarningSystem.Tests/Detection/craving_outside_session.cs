using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class craving_outside_session
{
    static readonly Rule Rule = CravingOutsideSession.Rule;

    [Theory]
    [InlineData(6, false)]
    [InlineData(7, true)]
    public void fires_on_a_single_strong_craving_outside_a_session(int intensity, bool fires)
    {
        var finding = new TimelineBuilder().Add(0, Make.Craving(intensity)).Evaluate(Rule);

        (finding is not null).ShouldBe(fires);
        if (fires) finding!.Explanation.ShouldContain("intensity 7 outside a session on 2026-11-02, at or above the high threshold of 7");
    }

    [Fact]
    public void does_not_fire_on_a_craving_reported_during_a_session()
    {
        new TimelineBuilder().Add(0, Make.Craving(10, during: true)).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void treats_an_unmarked_craving_soon_after_a_dose_as_during_the_session()
    {
        new TimelineBuilder()
            .Add(TimelineBuilder.Day(0), Make.Ketamine(0.5m))
            .Add(TimelineBuilder.Day(0).AddHours(4).AddMinutes(-1), Make.Craving(9, during: null))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void treats_an_unmarked_craving_four_hours_after_a_session_as_outside()
    {
        new TimelineBuilder()
            .Add(TimelineBuilder.Day(0), Make.Session())
            .Add(TimelineBuilder.Day(0).AddHours(4), Make.Craving(9, during: null))
            .Evaluate(Rule).ShouldNotBeNull();
    }

    [Fact]
    public void treats_an_unmarked_craving_soon_after_a_session_as_during_it()
    {
        new TimelineBuilder()
            .Add(TimelineBuilder.Day(0), Make.Session())
            .Add(TimelineBuilder.Day(0).AddHours(1), Make.Craving(9, during: null))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_on_a_second_moderate_craving_within_seven_days()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Craving(4), "c1")
            .Add(TimelineBuilder.Day(7).AddMinutes(-1), Make.Craving(4), "c2")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.Medium);
        finding.EvidenceIds().ShouldBe(["c1", "c2"]);
        finding.Summary.ShouldBe("2 cravings outside sessions in 7 days");
    }

    [Fact]
    public void does_not_fire_on_moderate_cravings_exactly_seven_days_apart()
    {
        new TimelineBuilder().Add(0, Make.Craving(4)).Add(7, Make.Craving(4)).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void does_not_count_cravings_below_the_moderate_intensity()
    {
        new TimelineBuilder().Add(0, Make.Craving(3)).Add(1, Make.Craving(4)).Evaluate(Rule).ShouldBeNull();
        new TimelineBuilder().Add(0, Make.Craving(4)).Add(1, Make.Craving(5)).Add(2, Make.Craving(3))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void does_not_count_moderate_cravings_during_sessions()
    {
        new TimelineBuilder()
            .Add(0, Make.Craving(6, during: true))
            .Add(1, Make.Craving(6))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_only_at_a_craving()
    {
        new TimelineBuilder().Add(0, Make.Craving(9)).Add(1, Make.Request()).Evaluate(Rule).ShouldBeNull();
    }
}
