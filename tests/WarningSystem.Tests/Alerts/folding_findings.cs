using System.Text.Json;
using JasperFx.Events;
using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.Tests.Alerts;

/// <summary>A patient's findings of a page, decided together as they would be one at a time.</summary>
public class folding_findings
{
    static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    const string Craving = "craving-outside-session";
    const string Withdrawal = "withdrawal-signs";

    static FindingEvidence Evidence(string id) => new(id, id.GetHashCode() & 0xFFFF, Now.AddDays(-1), "CravingReported");

    static FindingDetected Finding(string rule, Severity severity, params string[] evidence) => new(
        "p", rule, 1, severity, Now.AddDays(-1), evidence[^1], "summary", "explanation", evidence.Select(Evidence).ToList(), 0);

    static Alert Existing(string id, string rule, AlertStatus status, Severity severity, params string[] evidence) => new()
    {
        Id = id, PatientId = "p", RuleId = rule, Status = status, Severity = severity,
        Evidence = evidence.Select(Evidence).Select(e => new AlertEvidence(e.EventId, e.Sequence, e.OccurredAt, e.Type)).ToList(),
    };

    static IReadOnlyList<AlertChange> Fold(IReadOnlyList<FindingDetected> findings, params Alert[] alerts) =>
        AlertDecision.Fold("c", findings, alerts, Now).Select(c => c.Change).ToList();

    [Fact]
    public void a_finding_that_raises_an_alert_is_joined_by_the_next_of_its_rule()
    {
        var changes = Fold([Finding(Craving, Severity.Medium, "e1"), Finding(Craving, Severity.Medium, "e1", "e2")]);

        changes.Count.ShouldBe(2);
        changes[0].StartsStream.ShouldBeTrue();
        changes[1].StartsStream.ShouldBeFalse();
        changes[1].AlertId.ShouldBe(changes[0].AlertId);
        changes[1].Events.ShouldHaveSingleItem().ShouldBeOfType<AlertEvidenceAdded>().Evidence.Select(e => e.EventId).ShouldBe(["e2"]);
    }

    [Fact]
    public void evidence_repeated_within_the_findings_is_alerted_once()
    {
        var changes = Fold([
            Finding(Craving, Severity.Medium, "e1", "e2"),
            Finding(Craving, Severity.Medium, "e1", "e2"),
            Finding(Craving, Severity.Medium, "e2", "e3"),
            Finding(Craving, Severity.Medium, "e3"),
        ]);

        changes.Count.ShouldBe(2);
        changes[0].Events.ShouldHaveSingleItem().ShouldBeOfType<AlertRaised>().Evidence.Select(e => e.EventId).ShouldBe(["e1", "e2"]);
        changes[1].Events.ShouldHaveSingleItem().ShouldBeOfType<AlertEvidenceAdded>().Evidence.Select(e => e.EventId).ShouldBe(["e3"]);
    }

    [Fact]
    public void evidence_already_on_an_alert_of_the_rule_is_not_alerted_again()
    {
        var resolved = Existing("alert-resolved", Craving, AlertStatus.Resolved, Severity.Medium, "e1");

        var changes = Fold([Finding(Craving, Severity.Medium, "e1"), Finding(Craving, Severity.Medium, "e1", "e2"),
            Finding(Craving, Severity.Medium, "e2", "e3")], resolved);

        changes.Count.ShouldBe(2);
        changes[0].StartsStream.ShouldBeTrue();
        changes[0].AlertId.ShouldNotBe(resolved.Id);
        changes[1].AlertId.ShouldBe(changes[0].AlertId);
        changes[1].Events.ShouldHaveSingleItem().ShouldBeOfType<AlertEvidenceAdded>().Evidence.Select(e => e.EventId).ShouldBe(["e3"]);
    }

    [Fact]
    public void each_rule_raises_and_joins_its_own_alert()
    {
        var changes = Fold([
            Finding(Craving, Severity.Medium, "c1"),
            Finding(Withdrawal, Severity.Medium, "w1"),
            Finding(Craving, Severity.Medium, "c1", "c2"),
            Finding(Withdrawal, Severity.Medium, "w2"),
        ]);

        changes.Count(c => c.StartsStream).ShouldBe(2);
        var byAlert = changes.GroupBy(c => c.AlertId).ToList();
        byAlert.Count.ShouldBe(2);
        byAlert.Select(g => g.SelectMany(c => c.Events).Count()).ShouldBe([2, 2]);
        changes[2].AlertId.ShouldBe(changes[0].AlertId);
        changes[3].AlertId.ShouldBe(changes[1].AlertId);
    }

    [Fact]
    public void a_severity_rises_once_within_the_findings()
    {
        var changes = Fold([
            Finding(Craving, Severity.Medium, "e1"),
            Finding(Craving, Severity.High, "e2"),
            Finding(Craving, Severity.High, "e3"),
        ]);

        changes.SelectMany(c => c.Events).OfType<AlertSeverityRaised>().ShouldHaveSingleItem()
            .ShouldSatisfyAllConditions(r => r.From.ShouldBe(Severity.Medium), r => r.To.ShouldBe(Severity.High));
        changes[1].Events.OfType<AlertSeverityRaised>().ShouldHaveSingleItem();
    }

    [Fact]
    public void each_change_comes_with_the_finding_that_made_it()
    {
        var findings = new[] { Finding(Craving, Severity.Medium, "e1"), Finding(Craving, Severity.Medium, "e1"), Finding(Craving, Severity.Medium, "e2") };

        AlertDecision.Fold("c", findings, [], Now).Select(c => c.Finding).ShouldBe([findings[0], findings[2]]);
    }

    [Fact]
    public void folding_gives_what_deciding_one_at_a_time_gives()
    {
        Alert[] Before() =>
        [
            Existing("alert-resolved", Craving, AlertStatus.Resolved, Severity.Medium, "c1"),
            Existing("alert-open", Withdrawal, AlertStatus.Acknowledged, Severity.Medium, "w1"),
        ];
        FindingDetected[] findings =
        [
            Finding(Craving, Severity.Medium, "c1", "c2"), Finding(Withdrawal, Severity.High, "w1", "w2"),
            Finding(Craving, Severity.Medium, "c2"), Finding(Craving, Severity.High, "c2", "c3"),
            Finding(Withdrawal, Severity.Medium, "w3"), Finding(Withdrawal, Severity.Medium, "w2", "w3"),
            Finding(Craving, Severity.Critical, "c4"),
        ];

        var alerts = Before().ToList();
        var oneAtATime = new List<AlertChange>();
        foreach (var finding in findings)
        {
            if (AlertDecision.Decide("c", finding, alerts.Where(a => a.RuleId == finding.RuleId).ToList(), Now) is not { } change) continue;
            oneAtATime.Add(change);
            var before = alerts.SingleOrDefault(a => a.Id == change.AlertId);
            alerts.Remove(before!);
            alerts.Add(change.Events.Aggregate(before, Applied)!);
        }

        oneAtATime.Count.ShouldBe(5);
        Json(Fold(findings, Before())).ShouldBe(Json(oneAtATime));
    }

    // What the alert's projection does with each event, as the stored stream would give it.
    static Alert? Applied(Alert? alert, object e) => e switch
    {
        AlertRaised raised => Alert.Create(new Event<AlertRaised>(raised) { TenantId = "c" }),
        AlertEvidenceAdded added => alert!.Apply(new Event<AlertEvidenceAdded>(added)),
        AlertSeverityRaised rose => alert!.Apply(new Event<AlertSeverityRaised>(rose)),
        _ => throw new ArgumentException(e.GetType().Name),
    };

    static string Json(IEnumerable<AlertChange> changes) =>
        JsonSerializer.Serialize(changes.Select(c => new { c.AlertId, c.StartsStream, Events = c.Events.Select(e => new { Type = e.GetType().Name, Data = e }) }));
}
