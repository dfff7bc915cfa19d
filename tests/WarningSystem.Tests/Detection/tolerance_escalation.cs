using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class tolerance_escalation
{
    static readonly Rule Rule = ToleranceEscalation.Rule;

    static TimelineBuilder Doses(params (double Day, decimal MgPerKg)[] doses)
    {
        var builder = new TimelineBuilder();
        foreach (var (day, mgPerKg) in doses) builder.Add(day, Make.Ketamine(mgPerKg), $"d{mgPerKg}@{day}");
        return builder;
    }

    [Fact]
    public void fires_when_doses_rise_three_times_in_a_row()
    {
        var finding = Doses((0, 0.5m), (7, 0.55m), (14, 0.6m), (21, 0.65m)).Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.Medium);
        finding.Anchor.EventId.ShouldBe("d0.65@21");
        finding.EvidenceIds().ShouldBe(["d0.5@0", "d0.55@7", "d0.6@14", "d0.65@21"]);
        finding.Explanation.ShouldContain("0.5, 0.55, 0.6, 0.65 mg/kg");
        finding.Explanation.ShouldContain("3 rises in a row within 30 days");
    }

    [Fact]
    public void does_not_fire_on_two_rises()
    {
        Doses((0, 0.5m), (7, 0.55m), (14, 0.6m)).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void does_not_fire_when_a_dose_repeats_within_the_run()
    {
        Doses((0, 0.5m), (3, 0.55m), (7, 0.55m), (14, 0.6m), (21, 0.65m)).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_when_the_run_starts_just_inside_thirty_days()
    {
        // 29 days 23 hours 59 minutes before the anchor.
        new TimelineBuilder()
            .Add(TimelineBuilder.Day(0).AddMinutes(1), Make.Ketamine(0.5m))
            .Add(10, Make.Ketamine(0.55m))
            .Add(20, Make.Ketamine(0.6m))
            .Add(30, Make.Ketamine(0.65m))
            .Evaluate(Rule).ShouldNotBeNull();
    }

    [Fact]
    public void does_not_fire_when_the_run_starts_exactly_thirty_days_before()
    {
        Doses((0, 0.5m), (10, 0.55m), (20, 0.6m), (30, 0.65m)).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_when_the_dose_reaches_one_and_a_half_times_the_first()
    {
        var finding = Doses((0, 0.5m), (7, 0.4m), (14, 0.75m)).Evaluate(Rule).ShouldNotBeNull();

        finding.EvidenceIds().ShouldBe(["d0.5@0", "d0.75@14"]);
        finding.Explanation.ShouldContain("is 1.5x the first dose of 0.5 mg/kg (2026-11-02)");
    }

    [Fact]
    public void does_not_fire_just_below_one_and_a_half_times_the_first()
    {
        Doses((0, 0.5m), (7, 0.4m), (14, 0.7499m)).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_even_when_the_higher_dose_was_authorized()
    {
        new TimelineBuilder()
            .Add(0, Make.Plan(0.5m))
            .Add(1, Make.Ketamine(0.5m))
            .Add(2, Make.Increase(mgPerKg: 0.8m))
            .Add(3, Make.Ketamine(0.8m))
            .Evaluate(Rule).ShouldNotBeNull();
    }

    [Fact]
    public void compares_in_mg_when_a_dose_has_no_mg_per_kg()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Esketamine(28))
            .Add(7, Make.Esketamine(42))
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Explanation.ShouldContain("Dose 42 mg");
        finding.Explanation.ShouldContain("first dose of 28 mg");
    }

    [Fact]
    public void does_not_fire_on_the_first_dose_or_at_other_events()
    {
        Doses((0, 0.9m)).Evaluate(Rule).ShouldBeNull();
        Doses((0, 0.5m), (7, 0.55m), (14, 0.6m), (21, 0.8m)).Add(22, Make.Session()).Evaluate(Rule).ShouldBeNull();
    }
}
