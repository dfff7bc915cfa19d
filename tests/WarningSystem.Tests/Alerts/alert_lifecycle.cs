using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.Tests.Alerts;

public class alert_lifecycle
{
    static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    static Alert In(AlertStatus status, int escalationLevel = 0, DateTimeOffset? snoozedUntil = null) => new()
    {
        Id = "alert-1", Status = status, EscalationLevel = escalationLevel, SnoozedUntil = snoozedUntil,
        AcknowledgedBy = status == AlertStatus.Acknowledged ? "coord-1" : null,
    };

    [Theory]
    [InlineData(AlertStatus.Open)]
    [InlineData(AlertStatus.Snoozed)]
    public void an_open_or_snoozed_alert_can_be_acknowledged(AlertStatus status)
    {
        var decision = AlertLifecycle.Acknowledge(In(status), "coord-2", "calling the patient", Now);

        decision.Refused.ShouldBeNull();
        decision.Events.ShouldHaveSingleItem().ShouldBe(new AlertAcknowledged("alert-1", "coord-2", "calling the patient", Now));
    }

    [Theory]
    [InlineData(AlertStatus.Acknowledged)]
    [InlineData(AlertStatus.Resolved)]
    public void acknowledging_twice_or_after_resolution_is_refused(AlertStatus status)
    {
        var decision = AlertLifecycle.Acknowledge(In(status), "coord-2", null, Now);

        decision.Refused.ShouldBe(Refusal.NotInThisState);
        decision.Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_snooze_needs_a_future_expiry_within_thirty_days()
    {
        AlertLifecycle.Snooze(In(AlertStatus.Open), "c", "waiting for labs", Now, Now).Refused.ShouldBe(Refusal.Invalid);
        AlertLifecycle.Snooze(In(AlertStatus.Open), "c", "waiting for labs", Now.AddDays(30).AddSeconds(1), Now).Refused.ShouldBe(Refusal.Invalid);
        AlertLifecycle.Snooze(In(AlertStatus.Open), "c", "waiting for labs", Now.AddDays(30), Now).Events
            .ShouldHaveSingleItem().ShouldBeOfType<AlertSnoozed>().Until.ShouldBe(Now.AddDays(30));
        AlertLifecycle.Snooze(In(AlertStatus.Resolved), "c", "r", Now.AddDays(1), Now).Refused.ShouldBe(Refusal.NotInThisState);
    }

    [Fact]
    public void resolving_needs_a_note_when_the_code_is_other_and_happens_once()
    {
        AlertLifecycle.Resolve(In(AlertStatus.Open), "c", Resolution.Other, " ", Now).Refused.ShouldBe(Refusal.Invalid);
        AlertLifecycle.Resolve(In(AlertStatus.Acknowledged), "c", Resolution.FalsePositive, null, Now).Events
            .ShouldHaveSingleItem().ShouldBeOfType<AlertResolved>().Resolution.ShouldBe(Resolution.FalsePositive);
        AlertLifecycle.Resolve(In(AlertStatus.Resolved), "c", Resolution.Referred, null, Now).Refused.ShouldBe(Refusal.NotInThisState);
    }

    [Fact]
    public void only_the_snooze_a_timer_was_set_for_expires()
    {
        var until = Now.AddHours(2);

        AlertLifecycle.ExpireSnooze(In(AlertStatus.Snoozed, snoozedUntil: until), until, Now).Events
            .ShouldHaveSingleItem().ShouldBeOfType<AlertSnoozeExpired>();
        AlertLifecycle.ExpireSnooze(In(AlertStatus.Snoozed, snoozedUntil: until.AddHours(1)), until, Now).Events.ShouldBeEmpty();
        AlertLifecycle.ExpireSnooze(In(AlertStatus.Acknowledged), until, Now).Events.ShouldBeEmpty();
    }

    [Fact]
    public void escalation_goes_one_role_up_only_while_the_alert_waits_open()
    {
        AlertLifecycle.Escalate(In(AlertStatus.Open), 1, Now).Events.ShouldHaveSingleItem()
            .ShouldBe(new AlertEscalated("alert-1", 1, "prescriber", Now));
        AlertLifecycle.Escalate(In(AlertStatus.Open, escalationLevel: 1), 2, Now).Events.ShouldHaveSingleItem()
            .ShouldBeOfType<AlertEscalated>().To.ShouldBe("medical-director");
        AlertLifecycle.Escalate(In(AlertStatus.Open, escalationLevel: 1), 1, Now).Events.ShouldBeEmpty();
        AlertLifecycle.Escalate(In(AlertStatus.Open, escalationLevel: 2), 3, Now).Events.ShouldBeEmpty();
        AlertLifecycle.Escalate(In(AlertStatus.Acknowledged), 1, Now).Events.ShouldBeEmpty();
        AlertLifecycle.Escalate(In(AlertStatus.Snoozed), 1, Now).Events.ShouldBeEmpty();
        AlertLifecycle.Escalate(In(AlertStatus.Resolved), 1, Now).Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Severity.Medium, 1, 24)]
    [InlineData(Severity.High, 1, 4)]
    [InlineData(Severity.Critical, 1, 4)]
    [InlineData(Severity.Medium, 2, 4)]
    public void the_escalation_delay_depends_on_severity_then_level(Severity severity, int level, int hours)
    {
        Escalation.DelayBefore(level, severity, new EscalationSettings()).ShouldBe(TimeSpan.FromHours(hours));
    }
}
