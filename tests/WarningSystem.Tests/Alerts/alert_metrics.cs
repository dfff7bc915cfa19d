using WarningSystem.Alerts;

namespace WarningSystem.Tests.Alerts;

public class alert_metrics
{
    static readonly DateTimeOffset T = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    static Alert Resolved(string rule, Resolution resolution, int minutesToAck, int minutesToResolve, int escalation = 0) => new()
    {
        Id = Guid.NewGuid().ToString(), RuleId = rule, Status = AlertStatus.Resolved, DetectedAt = T,
        AcknowledgedAt = T.AddMinutes(minutesToAck), ResolvedAt = T.AddMinutes(minutesToResolve), Resolution = resolution,
        EscalationLevel = escalation,
    };

    [Fact]
    public void measures_handling_times_escalations_and_false_positive_share_per_rule()
    {
        Alert[] alerts =
        [
            Resolved("withdrawal-signs", Resolution.FalsePositive, 10, 60),
            Resolved("withdrawal-signs", Resolution.AddressedWithPatient, 20, 120, escalation: 1),
            Resolved("withdrawal-signs", Resolution.FalsePositive, 30, 180),
            Resolved("withdrawal-signs", Resolution.FalsePositive, 40, 240),
            new() { Id = "open", RuleId = "missed-follow-ups", Status = AlertStatus.Open, DetectedAt = T, EscalationLevel = 2 },
        ];

        var metrics = AlertMetrics.From(alerts, RuleSet.Default.All.Select(r => r.Id));

        metrics.Total.ShouldBe(5);
        metrics.ByStatus["resolved"].ShouldBe(4);
        metrics.ByStatus["open"].ShouldBe(1);
        metrics.Escalated.ShouldBe(2);
        metrics.TimeToAcknowledge.ShouldBe(new Durations(4, 20, 40));
        metrics.TimeToResolve.ShouldBe(new Durations(4, 120, 240));
        var withdrawal = metrics.Rules.Single(r => r.RuleId == "withdrawal-signs");
        withdrawal.Raised.ShouldBe(4);
        withdrawal.Resolutions["false-positive"].ShouldBe(3);
        withdrawal.FalsePositiveShare.ShouldBe(0.75);
        metrics.Rules.Single(r => r.RuleId == "missed-follow-ups").FalsePositiveShare.ShouldBeNull();
    }
}
