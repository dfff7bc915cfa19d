using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class risk_modulation
{
    const string Reason = " Raised one level: substance use history and recreational use documented in the DAST-10 screening of 2026-11-02.";

    static TimelineBuilder ScreenedPatient() => new TimelineBuilder()
        .Add(0, Make.Screening(substanceUse: true, recreational: true), "screening");

    [Fact]
    public void raises_medium_to_high_and_says_why()
    {
        var known = ScreenedPatient().Add(1, Make.Craving(8), "craving");

        var finding = Detector.Detect(RuleSet.Default, known.Build(), "craving", Protocol.Default).ShouldHaveSingleItem();

        finding.RuleId.ShouldBe(CravingOutsideSession.Id);
        finding.Severity.ShouldBe(Severity.High);
        finding.Explanation.ShouldEndWith(Reason);
    }

    [Fact]
    public void raises_high_to_critical()
    {
        var known = ScreenedPatient().Add(0.5, Make.Plan(0.5m)).Add(1, Make.Ketamine(0.9m), "dose");

        var finding = Detector.Detect(RuleSet.Default, known.Build(), "dose", Protocol.Default).ShouldHaveSingleItem();

        finding.RuleId.ShouldBe(DoseAboveAuthorized.Id);
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Explanation.ShouldEndWith(Reason);
    }

    [Fact]
    public void leaves_the_composite_alone()
    {
        var known = ScreenedPatient()
            .Add(1, Make.Craving(8)).Add(2, Make.Request()).Add(3, Make.Request(), "r2");

        var findings = Detector.Detect(RuleSet.Default, known.Build(), "r2", Protocol.Default);

        findings.Select(f => f.RuleId).ShouldBe([ElevatedMisuseRisk.Id, OffScheduleRequests.Id]);
        findings[0].Severity.ShouldBe(Severity.High);
        findings[0].Explanation.ShouldNotContain("Raised one level");
        findings[1].Severity.ShouldBe(Severity.High);
        findings[1].Explanation.ShouldEndWith(Reason);
    }

    [Fact]
    public void is_off_when_the_protocol_turns_it_off()
    {
        var known = ScreenedPatient().Add(1, Make.Craving(8), "craving");

        Detector.Detect(RuleSet.Default, known.Build(), "craving", Protocol.Default.With(RuleSet.RiskModulation, false))
            .ShouldHaveSingleItem().Severity.ShouldBe(Severity.Medium);
    }

    static Finding MediumCravingAt(TimelineBuilder events, string anchorId) =>
        events.EvaluateAt(anchorId, CravingOutsideSession.Rule).ShouldNotBeNull();

    [Fact]
    public void ignores_a_screening_after_the_anchor()
    {
        var events = new TimelineBuilder()
            .Add(1, Make.Craving(8), "craving")
            .Add(2, Make.Screening(substanceUse: true));
        var finding = MediumCravingAt(events, "craving");

        Detector.Modulate(finding, events.Build(), Protocol.Default).ShouldBe(finding);
    }

    [Fact]
    public void uses_only_the_latest_screening_and_needs_a_risk_factor()
    {
        var events = ScreenedPatient()
            .Add(0.5, Make.Screening(instrument: ScreeningInstrument.Kset))
            .Add(1, Make.Craving(8), "craving");
        var finding = MediumCravingAt(events, "craving");

        Detector.Modulate(finding, events.Build(), Protocol.Default).Severity.ShouldBe(Severity.Medium);
    }

    [Fact]
    public void names_the_instrument_and_each_factor()
    {
        var events = new TimelineBuilder()
            .Add(0, Make.Screening(family: true, instrument: ScreeningInstrument.Audit))
            .Add(1, Make.Craving(8), "craving");

        Detector.Modulate(MediumCravingAt(events, "craving"), events.Build(), Protocol.Default)
            .Explanation.ShouldEndWith(" Raised one level: family history documented in the AUDIT screening of 2026-11-02.");
    }

    [Fact]
    public void keeps_critical_as_it_is()
    {
        var events = ScreenedPatient().Add(1, Make.Craving(8), "craving");
        var critical = MediumCravingAt(events, "craving") with { Severity = Severity.Critical };

        Detector.Modulate(critical, events.Build(), Protocol.Default).ShouldBe(critical);
    }
}
