using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class elevated_misuse_risk
{
    static readonly ElevatedMisuseRisk Rule = RuleSet.Default.Composite;

    /// <summary>A strong craving (weight 2) and two off-schedule requests (weight 2): a score of 4.</summary>
    static TimelineBuilder CravingAndRequests(DateTimeOffset? cravingAt = null) => new TimelineBuilder()
        .Add(cravingAt ?? TimelineBuilder.Day(0), Make.Craving(8), "c")
        .Add(1, Make.Request(), "r1")
        .Add(2, Make.Request(), "r2");

    [Fact]
    public void fires_at_the_event_that_brings_the_score_to_the_threshold()
    {
        var finding = CravingAndRequests().Add(3, Make.Withdrawal(SymptomSeverity.Moderate), "w")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.High);
        finding.Anchor.EventId.ShouldBe("w");
        finding.EvidenceIds().ShouldBe(["c", "r1", "r2", "w"]);
        finding.Explanation.ShouldBe("Misuse risk score 6 reaches the threshold of 6 in the 30 days ending 2026-11-05: " +
                                     "craving-outside-session (weight 2), off-schedule-requests (weight 2) and " +
                                     "withdrawal-signs (weight 2).");
    }

    [Fact]
    public void does_not_fire_one_point_below_the_threshold()
    {
        CravingAndRequests().Add(3, Make.Missed()).Add(4, Make.Missed()).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void counts_a_documented_risk_factor_and_takes_the_screening_as_evidence()
    {
        var finding = new TimelineBuilder()
            .Add(-1, Make.Screening(substanceUse: true), "s")
            .Add(0, Make.Craving(8), "c")
            .Add(1, Make.Request(), "r1")
            .Add(2, Make.Request(), "r2")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.EvidenceIds().ShouldBe(["s", "c", "r1", "r2"]);
        finding.Explanation.ShouldContain("substance use history in the DAST-10 screening of 2026-11-01 (weight 2)");
    }

    [Fact]
    public void fires_at_a_screening_that_completes_the_score()
    {
        CravingAndRequests().Add(3, Make.Screening(recreational: true), "s")
            .Evaluate(Rule).ShouldNotBeNull().Anchor.EventId.ShouldBe("s");
    }

    [Fact]
    public void a_screening_without_risk_factors_adds_nothing()
    {
        CravingAndRequests().Add(3, Make.Screening(), "s").Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void does_not_fire_again_at_an_unrelated_event()
    {
        CravingAndRequests().Add(3, Make.Withdrawal(SymptomSeverity.Moderate)).Add(4, Make.Session())
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void counts_a_rule_once_however_often_it_fired()
    {
        new TimelineBuilder()
            .Add(0, Make.Craving(8)).Add(1, Make.Craving(9)).Add(2, Make.Craving(10))
            .Add(3, Make.Request()).Add(4, Make.Request())
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void ignores_findings_anchored_exactly_thirty_days_before()
    {
        new TimelineBuilder()
            .Add(0, Make.Craving(8))
            .Add(29, Make.Request()).Add(30, Make.Request())
            .Add(30, Make.Withdrawal(SymptomSeverity.Moderate))
            .Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void counts_findings_anchored_a_minute_inside_thirty_days()
    {
        new TimelineBuilder()
            .Add(TimelineBuilder.Day(0).AddMinutes(1), Make.Craving(8))
            .Add(29, Make.Request()).Add(30, Make.Request())
            .Add(30, Make.Withdrawal(SymptomSeverity.Moderate))
            .Evaluate(Rule).ShouldNotBeNull();
    }

    [Fact]
    public void a_rule_with_no_weight_does_not_contribute()
    {
        var protocol = Protocol.Default.With(Rule.Section, Rule.Section.Defaults with
        {
            Weights = new Dictionary<string, int>(Rule.Section.Defaults.Weights) { [WithdrawalSigns.Id] = 0 },
        });

        CravingAndRequests().Add(3, Make.Withdrawal(SymptomSeverity.Moderate)).Evaluate(Rule, protocol).ShouldBeNull();
    }
}
