using JasperFx.Events;
using WarningSystem.Alerts;
using WarningSystem.Alerts.Delivery;
using WarningSystem.Detection;

namespace WarningSystem.Tests.Alerts.Delivery;

public class folding_alert_history
{
    static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    const string Id = "alert-1";

    static IEvent Stored<T>(T data, long version) where T : notnull => new Event<T>(data) { Version = version, TenantId = "north", Timestamp = Now };

    static readonly IEvent Raised = Stored(new AlertRaised(Id, "p", "withdrawal-signs", 1, Severity.Medium, Now, Now, "summary",
        "clinical explanation", [new AlertEvidence("e1", 1, Now, "WithdrawalSymptomsReported")], 0), 1);

    static IEvent Example(Type type) => type.Name switch
    {
        nameof(AlertRaised) => Raised,
        nameof(AlertEvidenceAdded) => Stored(new AlertEvidenceAdded(Id, Now, Now, "newer summary", "x", []), 2),
        nameof(AlertSeverityRaised) => Stored(new AlertSeverityRaised(Id, Severity.Medium, Severity.High, "why"), 2),
        nameof(AlertAcknowledged) => Stored(new AlertAcknowledged(Id, "coordinator", null, Now), 2),
        nameof(AlertSnoozed) => Stored(new AlertSnoozed(Id, "coordinator", "why", Now.AddDays(1), Now), 2),
        nameof(AlertSnoozeExpired) => Stored(new AlertSnoozeExpired(Id, Now), 2),
        nameof(AlertEscalated) => Stored(new AlertEscalated(Id, 1, "lead", Now), 2),
        nameof(AlertResolved) => Stored(new AlertResolved(Id, "coordinator", Resolution.Referred, null, Now), 2),
        nameof(AlertEvidenceVoided) => Stored(new AlertEvidenceVoided(Id, "e1", "wrong patient", Now), 2),
        _ => throw new InvalidOperationException($"No example for {type.Name}: add one, and a case in AlertHistory.Evolve"),
    };

    [Fact]
    public void every_alert_event_delivery_publishes_changes_the_alert()
    {
        var raised = AlertHistory.Evolve(null, Raised)!;
        foreach (var type in AlertsSetup.EventTypes.Where(t => t != typeof(AlertRaised)))
            AlertHistory.Evolve(raised, Example(type)).ShouldNotBe(raised, $"{type.Name} is not folded");
    }

    [Fact]
    public void the_notice_describes_the_alert_as_of_its_event_without_clinical_detail()
    {
        var alert = AlertHistory.Evolve(AlertHistory.Evolve(null, Raised), Example(typeof(AlertSeverityRaised)))!;
        var notice = AlertNotice.For(Example(typeof(AlertSeverityRaised)), alert, "key-1");

        notice.ShouldBe(new AlertNotice("key-1", "AlertSeverityRaised", Id, "north", "p", "withdrawal-signs", Severity.High,
            AlertStatus.Open, "summary", Now));
        System.Text.Json.JsonSerializer.Serialize(notice, JsonSetup.Options).ShouldNotContain("clinical explanation");
    }
}
