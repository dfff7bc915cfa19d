using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class dose_above_authorized
{
    static readonly Rule Rule = DoseAboveAuthorized.Rule;

    static Finding? DoseAfterPlan(decimal planMgPerKg, DoseGiven dose) => new TimelineBuilder()
        .Add(0, Make.Plan(planMgPerKg), "plan")
        .Add(1, dose, "dose")
        .Evaluate(Rule);

    [Fact]
    public void does_not_fire_at_exactly_the_tolerance()
    {
        DoseAfterPlan(0.5m, Make.Ketamine(0.55m, Route.Intranasal)).ShouldBeNull();
    }

    [Fact]
    public void fires_just_above_the_tolerance_with_the_plan_as_evidence()
    {
        var finding = DoseAfterPlan(0.5m, Make.Ketamine(0.55005m, Route.Intranasal)).ShouldNotBeNull();

        finding.RuleId.ShouldBe("dose-above-authorized");
        finding.Severity.ShouldBe(Severity.High);
        finding.Anchor.EventId.ShouldBe("dose");
        finding.EvidenceIds().ShouldBe(["plan", "dose"]);
        finding.Explanation.ShouldContain("authorized 0.5 mg/kg (plan of 2026-11-02) by more than 10%");
    }

    [Fact]
    public void explains_the_thresholds_and_values_it_saw()
    {
        var finding = new TimelineBuilder()
            .Add(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), Make.Plan(0.5m))
            .Add(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), Make.Ketamine(0.9m))
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Explanation.ShouldBe("Dose 0.9 mg/kg on 2026-11-20 exceeds the authorized 0.5 mg/kg (plan of 2026-11-01) " +
                                     "by more than 10%, and the hard ceiling of 0.8 mg/kg for IV/IM.");
        finding.Summary.ShouldBe("Dose 0.9 mg/kg above authorized 0.5 mg/kg and ceiling 0.8 mg/kg");
    }

    [Fact]
    public void does_not_fire_on_a_dose_equal_to_an_authorized_increase()
    {
        new TimelineBuilder()
            .Add(0, Make.Plan(0.5m))
            .Add(1, Make.Increase(mgPerKg: 0.7m))
            .Add(2, Make.Ketamine(0.7m))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void judges_against_the_latest_increase_not_the_plan()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Plan(0.5m), "plan")
            .Add(1, Make.Increase(mgPerKg: 0.6m), "first-increase")
            .Add(2, Make.Increase(mgPerKg: 0.7m), "increase")
            .Add(3, Make.Ketamine(0.78m), "dose")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.EvidenceIds().ShouldBe(["increase", "dose"]);
        finding.Explanation.ShouldContain("authorized 0.7 mg/kg (dose increase authorized on 2026-11-04)");
    }

    [Fact]
    public void an_increase_recorded_after_the_dose_does_not_authorize_it()
    {
        var events = new TimelineBuilder()
            .Add(0, Make.Plan(0.5m))
            .Add(1, Make.Ketamine(0.7m), "dose")
            .Add(2, Make.Increase(mgPerKg: 0.7m));

        events.EvaluateAt("dose", Rule).ShouldNotBeNull();
    }

    [Fact]
    public void compares_in_mg_when_the_plan_has_only_mg()
    {
        Finding? DoseOf(decimal mg) => new TimelineBuilder()
            .Add(0, Make.Plan(mgPerKg: null, mg: 40))
            .Add(1, Make.KetamineMg(mg))
            .Evaluate(Rule);

        DoseOf(44).ShouldBeNull();
        DoseOf(44.01m).ShouldNotBeNull().Explanation.ShouldContain("authorized 40 mg");
    }

    [Fact]
    public void skips_the_comparison_when_plan_and_dose_share_no_unit()
    {
        new TimelineBuilder()
            .Add(0, Make.Plan(mgPerKg: 0.5m))
            .Add(1, Make.KetamineMg(500))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Theory]
    [InlineData(Route.IV, 0.8, false)]
    [InlineData(Route.IV, 0.8001, true)]
    [InlineData(Route.IM, 0.8001, true)]
    [InlineData(Route.Intranasal, 1.2, false)]
    public void fires_above_the_hard_ceiling_for_iv_and_im_even_without_a_plan(Route route, double mgPerKg, bool fires)
    {
        var finding = new TimelineBuilder().Add(0, Make.Ketamine((decimal)mgPerKg, route)).Evaluate(Rule);

        (finding is not null).ShouldBe(fires);
        if (fires) finding!.Explanation.ShouldContain("hard ceiling of 0.8 mg/kg");
    }

    [Theory]
    [InlineData(84, false)]
    [InlineData(84.5, true)]
    public void fires_above_the_esketamine_ceiling(double mg, bool fires)
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Esketamine(84))
            .Add(1, Make.Esketamine((decimal)mg))
            .Evaluate(Rule);

        (finding is not null).ShouldBe(fires);
        if (fires) finding!.Explanation.ShouldContain("esketamine ceiling of 84 mg");
    }

    [Fact]
    public void does_not_fire_on_an_esketamine_step_of_exactly_28_mg()
    {
        new TimelineBuilder()
            .Add(0, Make.Esketamine(28))
            .Add(3, Make.Esketamine(56))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_on_an_esketamine_step_above_28_mg_with_the_previous_dose_as_evidence()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Esketamine(28), "before")
            .Add(1, Make.Ketamine(0.5m), "ketamine")
            .Add(3, Make.Esketamine(57), "dose")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.EvidenceIds().ShouldBe(["before", "dose"]);
        finding.Explanation.ShouldContain("previous esketamine dose of 28 mg (2026-11-02) by more than 28 mg");
    }

    [Fact]
    public void fires_only_at_a_dose()
    {
        new TimelineBuilder()
            .Add(0, Make.Plan(0.5m))
            .Add(1, Make.Ketamine(0.9m))
            .Add(2, Make.Craving(9))
            .Evaluate(Rule).ShouldBeNull();
    }
}
