using Wolverine;
using WarningSystem.Detection;
using WarningSystem.Protocols;

namespace WarningSystem.Alerts;

/// <summary>Why a lifecycle command may not be carried out.</summary>
public enum Refusal
{
    /// <summary>The command is not allowed in the alert's current state (resolved, already acknowledged).</summary>
    NotInThisState,
    /// <summary>The command itself is unacceptable (a snooze in the past, "other" without a note).</summary>
    Invalid,
}

/// <summary>What a lifecycle command does to an alert: the events to append and the timers to set, or why it may not.</summary>
public sealed record LifecycleDecision(IReadOnlyList<object> Events, Refusal? Refused = null, string? Reason = null)
{
    public IReadOnlyList<object> Messages { get; init; } = [];

    public static LifecycleDecision Refuse(Refusal refusal, string reason) => new([], refusal, reason);
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
        AlertStatus.Resolved => LifecycleDecision.Refuse(Refusal.NotInThisState, $"Alert {alert.Id} is resolved."),
        AlertStatus.Acknowledged => LifecycleDecision.Refuse(Refusal.NotInThisState, $"Alert {alert.Id} was already acknowledged by {alert.AcknowledgedBy}."),
        _ => new([new AlertAcknowledged(alert.Id, by, note, now)]),
    };

    public static LifecycleDecision Snooze(Alert alert, string by, string reason, DateTimeOffset until, DateTimeOffset now)
    {
        if (alert.Status == AlertStatus.Resolved) return LifecycleDecision.Refuse(Refusal.NotInThisState, $"Alert {alert.Id} is resolved.");
        if (until <= now) return LifecycleDecision.Refuse(Refusal.Invalid, "until must be in the future.");
        if (until - now > MaxSnooze) return LifecycleDecision.Refuse(Refusal.Invalid, $"A snooze lasts at most {MaxSnooze.TotalDays:0} days.");
        // The timer that ends this snooze is part of the decision: it commits with the snooze, or not at all.
        return new([new AlertSnoozed(alert.Id, by, reason, until, now)])
        {
            Messages = [new ExpireSnooze(alert.Id, until).ScheduledAt(until)],
        };
    }

    public static LifecycleDecision Resolve(Alert alert, string by, Resolution resolution, string? note, DateTimeOffset now)
    {
        if (alert.Status == AlertStatus.Resolved) return LifecycleDecision.Refuse(Refusal.NotInThisState, $"Alert {alert.Id} is already resolved.");
        // "Other" says nothing on its own; the note is the only record of why the alert was closed.
        if (resolution == Resolution.Other && string.IsNullOrWhiteSpace(note))
            return LifecycleDecision.Refuse(Refusal.Invalid, "A note is required when the resolution is 'other'.");
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
    /// <summary>The clinic's escalation delays, a section of its protocol.</summary>
    public static readonly ProtocolSection<EscalationSettings> Section = new("escalation", new EscalationSettings());

    /// <summary>Level 0 is the care coordinators; each escalation goes one role up.</summary>
    public static readonly IReadOnlyList<string> Levels = ["prescriber", "medical-director"];

    /// <summary>How long an open alert at this level waits for acknowledgement before going up.</summary>
    public static TimeSpan DelayBefore(int level, Severity severity, EscalationSettings settings) =>
        TimeSpan.FromHours((double)(level <= 1
            ? severity >= Severity.High ? settings.HighHours : settings.MediumHours
            : settings.NextLevelHours));
}

/// <summary>
/// An open alert not acknowledged within <paramref name="HighHours"/> (high and critical) or
/// <paramref name="MediumHours"/> (medium) goes to the prescriber; <paramref name="NextLevelHours"/> later, still
/// unacknowledged, to the medical director. Hours may be fractional.
/// </summary>
public sealed record EscalationSettings(decimal HighHours = 4, decimal MediumHours = 24, decimal NextLevelHours = 4);
