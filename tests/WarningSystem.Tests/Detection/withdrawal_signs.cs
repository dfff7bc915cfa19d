using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class withdrawal_signs
{
    static readonly Rule Rule = WithdrawalSigns.Rule;

    static Finding? Report(SymptomSeverity severity, params WithdrawalSymptom[] symptoms) =>
        new TimelineBuilder().Add(0, Make.Withdrawal(severity, symptoms), "w").Evaluate(Rule);

    [Fact]
    public void does_not_fire_on_one_mild_symptom()
    {
        Report(SymptomSeverity.Mild, WithdrawalSymptom.Anxiety).ShouldBeNull();
    }

    [Theory]
    [InlineData(SymptomSeverity.Moderate)]
    [InlineData(SymptomSeverity.Severe)]
    public void fires_on_moderate_or_severe_withdrawal(SymptomSeverity severity)
    {
        var finding = Report(severity, WithdrawalSymptom.Insomnia).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.Medium);
        finding.EvidenceIds().ShouldBe(["w"]);
        finding.Explanation.ShouldContain("(moderate or worse)");
    }

    [Fact]
    public void fires_on_two_distinct_mild_symptoms()
    {
        Report(SymptomSeverity.Mild, WithdrawalSymptom.Anxiety, WithdrawalSymptom.LowMood)
            .ShouldNotBeNull().Explanation.ShouldContain("2 distinct symptoms (threshold 2)");
    }

    [Fact]
    public void does_not_count_a_repeated_symptom_twice()
    {
        Report(SymptomSeverity.Mild, WithdrawalSymptom.Anxiety, WithdrawalSymptom.Anxiety).ShouldBeNull();
    }

    [Fact]
    public void fires_only_at_a_withdrawal_report()
    {
        new TimelineBuilder().Add(0, Make.Withdrawal(SymptomSeverity.Severe)).Add(1, Make.Session())
            .Evaluate(Rule).ShouldBeNull();
    }
}
