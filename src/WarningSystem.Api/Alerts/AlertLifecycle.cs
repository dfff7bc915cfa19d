using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>What a lifecycle command does to an alert: the events to append, or why it may not.</summary>
public sealed record LifecycleDecision(IReadOnlyList<object> Events, int? RefusedWith = null, string? Reason = null)
{
    public static LifecycleDecision Refuse(int status, string reason) => new([], status, reason);
    public static LifecycleDecision Nothing => new([]);
}

/// <summary>
/// The alert lifecycle as pure decisions. Closing needs a person and a reason code; a resolved alert takes no
/// further action; timers (escalation, snooze expiry) act only if the alert is still in the state they expect.
/// </summary>
public static class AlertLifecycle
{
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(30);

    public static LifecycleDecision Acknowledge(Alert alert, string by, string? note, DateTimeOffset now) => alert.Status switch
    {
        AlertStatus.Resolved => LifecycleDecision.Refuse(409, $"Alert {alert.Id} is resolved."),
        AlertStatus.Acknowledged => LifecycleDecision.Refuse(409, $"Alert {alert.Id} was already acknowledged by {alert.AcknowledgedBy}."),
        _ => new([new AlertAcknowledged(alert.Id, by, note, now)]),
    };

    public static LifecycleDecision Snooze(Alert alert, string by, string reason, DateTimeOffset until, DateTimeOffset now)
    {
        if (alert.Status == AlertStatus.Resolved) return LifecycleDecision.Refuse(409, $"Alert {alert.Id} is resolved.");
        if (until <= now) return LifecycleDecision.Refuse(400, "until must be in the future.");
        if (until - now > MaxSnooze) return LifecycleDecision.Refuse(400, $"A snooze lasts at most {MaxSnooze.TotalDays:0} days.");
        return new([new AlertSnoozed(alert.Id, by, reason, until, now)]);
    }

    public static LifecycleDecision Resolve(Alert alert, string by, Resolution resolution, string? note, DateTimeOffset now)
    {
        if (alert.Status == AlertStatus.Resolved) return LifecycleDecision.Refuse(409, $"Alert {alert.Id} is already resolved.");
        // "Other" says nothing on its own; the note is the only record of why the alert was closed.
        if (resolution == Resolution.Other && string.IsNullOrWhiteSpace(note))
            return LifecycleDecision.Refuse(400, "A note is required when the resolution is 'other'.");
        return new([new AlertResolved(alert.Id, by, resolution, note, now)]);
    }

    /// <summary>A snooze timer fired: only the snooze it was set for ends, and the alert is open again.</summary>
    public static LifecycleDecision ExpireSnooze(Alert alert, DateTimeOffset until, DateTimeOffset now) =>
        alert.Status == AlertStatus.Snoozed && alert.SnoozedUntil == until
            ? new([new AlertSnoozeExpired(alert.Id, now)])
            : LifecycleDecision.Nothing;

    /// <summary>An escalation timer fired: it acts only on an alert still open and not yet at that level.</summary>
    public static LifecycleDecision Escalate(Alert alert, int level, DateTimeOffset now) =>
        alert.Status == AlertStatus.Open && alert.EscalationLevel < level && level <= Escalation.Levels.Count
            ? new([new AlertEscalated(alert.Id, level, Escalation.Levels[level - 1], now)])
            : LifecycleDecision.Nothing;
}

/// <summary>Who an unacknowledged alert goes to, and when.</summary>
public static class Escalation
{
    /// <summary>Level 0 is the care coordinators; each escalation goes one role up.</summary>
    public static readonly IReadOnlyList<string> Levels = ["prescriber", "medical-director"];

    /// <summary>How long an open alert at this level waits for acknowledgement before going up.</summary>
    public static TimeSpan DelayBefore(int level, Severity severity, EscalationSettings settings) =>
        TimeSpan.FromHours((double)(level <= 1
            ? severity >= Severity.High ? settings.HighHours : settings.MediumHours
            : settings.NextLevelHours));
}
