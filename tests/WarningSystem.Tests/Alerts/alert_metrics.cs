using WarningSystem.Alerts;

namespace WarningSystem.Tests.Alerts;

public class alert_metrics
{
    static readonly AlertTallies Tallies = new(
        Total: 5, ByStatus: new() { ["resolved"] = 4, ["open"] = 1 },
        Acknowledge: new(4, 20.04, 40), Resolve: new(0, null, null), Escalated: 2,
        Rules: [new("withdrawal-signs", Raised: 4, Resolved: 4, Resolutions: new() { ["false-positive"] = 3, ["referred"] = 1 }, CardsAccepted: 2, CardsOverridden: 1)]);

    [Fact]
    public void name_every_status_and_rule_and_give_the_false_positive_share_of_resolved_alerts()
    {
        var metrics = AlertMetrics.From(Tallies, ["withdrawal-signs", "missed-follow-ups"]);

        metrics.Total.ShouldBe(5);
        metrics.ByStatus.ShouldBe(new Dictionary<string, int> { ["open"] = 1, ["acknowledged"] = 0, ["snoozed"] = 0, ["resolved"] = 4 }, ignoreOrder: true);
        metrics.Escalated.ShouldBe(2);
        metrics.TimeToAcknowledge.ShouldBe(new Durations(4, 20, 40));
        metrics.TimeToResolve.ShouldBe(new Durations(0, null, null));
        metrics.Rules.Select(r => r.RuleId).ShouldBe(["withdrawal-signs", "missed-follow-ups"]);
        metrics.Rules[0].FalsePositiveShare.ShouldBe(0.75);
        (metrics.Rules[0].CardsAccepted, metrics.Rules[0].CardsOverridden).ShouldBe((2, 1));
        metrics.Rules[1].ShouldBe(metrics.Rules[1] with { Raised = 0, Resolved = 0, FalsePositiveShare = null });
        metrics.Rules[1].Resolutions.ShouldBeEmpty();
    }
}
