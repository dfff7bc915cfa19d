using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.Tests.Alerts;

public class deciding_on_a_finding
{
    static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    static FindingEvidence Evidence(string id) => new(id, id.GetHashCode() & 0xFFFF, Now.AddDays(-1), "CravingReported");

    static FindingDetected Finding(Severity severity, params string[] evidence) => new(
        "p", "craving-outside-session", 1, severity, Now.AddDays(-1), evidence[^1], "summary", "explanation",
        evidence.Select(Evidence).ToList(), 0);

    static Alert Existing(AlertStatus status, Severity severity, params string[] evidence) => new()
    {
        Id = $"alert-{status}", PatientId = "p", RuleId = "craving-outside-session", Status = status,
        Severity = severity,
        Evidence = evidence.Select(Evidence).Select(e => new AlertEvidence(e.EventId, e.Sequence, e.OccurredAt, e.Type)).ToList(),
    };

    [Fact]
    public void with_no_alert_for_the_rule_it_raises_one_with_all_the_evidence()
    {
        var change = AlertDecision.Decide("c", Finding(Severity.Medium, "e1", "e2"), [], Now)!;

        change.StartsStream.ShouldBeTrue();
        var raised = change.Events.ShouldHaveSingleItem().ShouldBeOfType<AlertRaised>();
        raised.AlertId.ShouldBe(change.AlertId);
        raised.Evidence.Select(e => e.EventId).ShouldBe(["e1", "e2"]);
        raised.DetectedAt.ShouldBe(Now);
    }

    [Fact]
    public void the_same_finding_always_gets_the_same_alert_id()
    {
        var first = AlertDecision.Decide("c", Finding(Severity.Medium, "e1"), [], Now)!;
        var again = AlertDecision.Decide("c", Finding(Severity.Medium, "e1"), [], Now.AddHours(1))!;
        var otherClinic = AlertDecision.Decide("d", Finding(Severity.Medium, "e1"), [], Now)!;

        again.AlertId.ShouldBe(first.AlertId);
        otherClinic.AlertId.ShouldNotBe(first.AlertId);
    }

    [Fact]
    public void with_an_open_alert_only_the_new_evidence_is_added()
    {
        var open = Existing(AlertStatus.Acknowledged, Severity.Medium, "e1");

        var change = AlertDecision.Decide("c", Finding(Severity.Medium, "e1", "e2"), [open], Now)!;

        change.StartsStream.ShouldBeFalse();
        change.AlertId.ShouldBe(open.Id);
        change.Events.ShouldHaveSingleItem().ShouldBeOfType<AlertEvidenceAdded>().Evidence.Select(e => e.EventId).ShouldBe(["e2"]);
    }

    [Fact]
    public void a_more_severe_trigger_raises_the_open_alerts_severity()
    {
        var open = Existing(AlertStatus.Open, Severity.Medium, "e1");

        var change = AlertDecision.Decide("c", Finding(Severity.High, "e1", "e2"), [open], Now)!;

        change.Events.OfType<AlertSeverityRaised>().ShouldHaveSingleItem().To.ShouldBe(Severity.High);
    }

    [Fact]
    public void a_less_severe_trigger_does_not_lower_it()
    {
        var open = Existing(AlertStatus.Open, Severity.High, "e1");

        var change = AlertDecision.Decide("c", Finding(Severity.Medium, "e2"), [open], Now)!;

        change.Events.OfType<AlertSeverityRaised>().ShouldBeEmpty();
    }

    [Fact]
    public void a_finding_whose_evidence_was_all_alerted_before_changes_nothing()
    {
        var resolved = Existing(AlertStatus.Resolved, Severity.Medium, "e1", "e2");

        AlertDecision.Decide("c", Finding(Severity.Medium, "e1", "e2"), [resolved], Now).ShouldBeNull();
    }

    [Fact]
    public void after_the_alert_is_resolved_a_new_trigger_opens_a_new_alert()
    {
        var resolved = Existing(AlertStatus.Resolved, Severity.Medium, "e1");

        var change = AlertDecision.Decide("c", Finding(Severity.Medium, "e1", "e3"), [resolved], Now)!;

        change.StartsStream.ShouldBeTrue();
        change.AlertId.ShouldNotBe(resolved.Id);
    }
}
