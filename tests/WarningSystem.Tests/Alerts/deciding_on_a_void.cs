using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.Tests.Alerts;

public class deciding_on_a_void
{
    static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    static readonly EvidenceVoided VoidOfE1 = new("p", "e1", "v1", "wrong patient", Now);

    static Alert AlertOn(params string[] evidence) => new()
    {
        Id = "alert-" + string.Join("-", evidence), PatientId = "p", Status = AlertStatus.Open,
        Evidence = evidence.Select((e, i) => new AlertEvidence(e, i + 1, Now, "CravingReported")).ToList(),
    };

    [Fact]
    public void an_open_alert_resting_only_on_void_events_is_marked_not_closed()
    {
        var marks = VoidDecision.Decide(VoidOfE1, [AlertOn("e1")], new HashSet<string> { "e1" });

        marks.ShouldHaveSingleItem().ShouldBe(new AlertEvidenceVoided("alert-e1", "e1", "wrong patient", Now));
    }

    [Fact]
    public void an_alert_with_evidence_still_standing_a_resolved_one_or_one_already_marked_is_left_alone()
    {
        var voided = new HashSet<string> { "e1" };

        VoidDecision.Decide(VoidOfE1, [AlertOn("e1", "e2")], voided).ShouldBeEmpty();
        VoidDecision.Decide(VoidOfE1, [AlertOn("e1") with { Status = AlertStatus.Resolved }], voided).ShouldBeEmpty();
        VoidDecision.Decide(VoidOfE1, [AlertOn("e1") with { EvidenceVoided = true }], voided).ShouldBeEmpty();
    }
}
