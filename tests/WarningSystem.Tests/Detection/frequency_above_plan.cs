using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class frequency_above_plan
{
    static readonly Rule<FrequencyAbovePlan.Settings> Rule = FrequencyAbovePlan.Rule;

    static TimelineBuilder TwiceWeeklyPlanThenDosesAt(params DateTimeOffset[] times)
    {
        var builder = new TimelineBuilder().Add(-1, Make.Plan(0.5m, maxPerWeek: 2), "plan");
        for (var i = 0; i < times.Length; i++) builder.Add(times[i], Make.Ketamine(0.5m), $"d{i + 1}");
        return builder;
    }

    [Fact]
    public void does_not_fire_when_the_third_dose_is_exactly_seven_days_after_the_first()
    {
        // Monday 10:00, Thursday 10:00, next Monday 10:00.
        TwiceWeeklyPlanThenDosesAt(TimelineBuilder.Day(0), TimelineBuilder.Day(3), TimelineBuilder.Day(7))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_when_the_third_dose_is_a_minute_inside_seven_days()
    {
        var finding = TwiceWeeklyPlanThenDosesAt(TimelineBuilder.Day(0), TimelineBuilder.Day(3), TimelineBuilder.Day(7).AddMinutes(-1))
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.Medium);
        finding.Anchor.EventId.ShouldBe("d3");
        finding.EvidenceIds().ShouldBe(["plan", "d1", "d2", "d3"]);
        finding.Summary.ShouldBe("3 doses in 7 days, plan allows 2");
        finding.Explanation.ShouldContain("maximum of 2 sessions per week (the plan of 2026-11-01)");
    }

    [Fact]
    public void does_not_fire_at_the_plan_maximum()
    {
        TwiceWeeklyPlanThenDosesAt(TimelineBuilder.Day(0), TimelineBuilder.Day(1)).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void is_high_when_two_over_the_plan()
    {
        var events = TwiceWeeklyPlanThenDosesAt(
            TimelineBuilder.Day(0), TimelineBuilder.Day(1), TimelineBuilder.Day(2), TimelineBuilder.Day(3));

        events.EvaluateAt("d3", Rule).ShouldNotBeNull().Severity.ShouldBe(Severity.Medium);
        events.Evaluate(Rule).ShouldNotBeNull().Severity.ShouldBe(Severity.High);
    }

    [Fact]
    public void uses_the_protocol_default_without_a_plan()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Ketamine(0.5m)).Add(1, Make.Ketamine(0.5m)).Add(2, Make.Ketamine(0.5m))
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Explanation.ShouldContain("the protocol default, no plan on record");
        new TimelineBuilder()
            .Add(0, Make.Ketamine(0.5m)).Add(1, Make.Ketamine(0.5m)).Add(2, Make.Ketamine(0.5m))
            .Evaluate(Rule, Protocol.Default.With(Rule.Section, new(DefaultMaxSessionsPerWeek: 3)))
            .ShouldBeNull();
    }

    [Fact]
    public void uses_the_latest_plan()
    {
        new TimelineBuilder()
            .Add(-2, Make.Plan(0.5m, maxPerWeek: 2))
            .Add(-1, Make.Plan(0.5m, maxPerWeek: 3))
            .Add(0, Make.Ketamine(0.5m)).Add(1, Make.Ketamine(0.5m)).Add(2, Make.Ketamine(0.5m))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_only_at_a_dose()
    {
        TwiceWeeklyPlanThenDosesAt(TimelineBuilder.Day(0), TimelineBuilder.Day(1), TimelineBuilder.Day(2))
            .Add(2.5, Make.Session())
            .Evaluate(Rule).ShouldBeNull();
    }
}
