using Wolverine;
using WarningSystem.Detection;
using WarningSystem.Protocols;

namespace WarningSystem.Alerts;

/// <summary>Escalate an alert to <paramref name="Level"/> if nobody has acknowledged it by then.</summary>
public sealed record EscalateAlert(string AlertId, int Level);

/// <summary>End the snooze that was set until <paramref name="Until"/>.</summary>
public sealed record ExpireSnooze(string AlertId, DateTimeOffset Until);

/// <summary>
/// Timers are durable scheduled Wolverine messages: they survive restarts, and each fires once across nodes.
/// The handlers re-check the alert, so a timer that is no longer relevant does nothing.
/// </summary>
public static class AlertTimersHandler
{
    public static Task<OutgoingMessages> Handle(EscalateAlert timer, IDocumentSession session, TimeProvider clock, CancellationToken token) =>
        Fire(session, timer.AlertId, alert => AlertLifecycle.Escalate(alert, timer.Level, clock.GetUtcNow()),
            alert => timer.Level + 1, token);

    // Open again and unacknowledged: the escalation clock starts over at the alert's next level.
    public static Task<OutgoingMessages> Handle(ExpireSnooze timer, IDocumentSession session, TimeProvider clock, CancellationToken token) =>
        Fire(session, timer.AlertId, alert => AlertLifecycle.ExpireSnooze(alert, timer.Until, clock.GetUtcNow()),
            alert => alert.EscalationLevel + 1, token);

    /// <summary>Applies a timer's decision; when it changed the alert, the next escalation timer follows.</summary>
    static async Task<OutgoingMessages> Fire(IDocumentSession session, string alertId, Func<Alert, LifecycleDecision> decide,
        Func<Alert, int> nextLevel, CancellationToken token)
    {
        var stream = await session.Events.FetchForWriting<Alert>(alertId, token);
        if (stream.Aggregate is not { } alert) return [];
        var decision = decide(alert);
        if (decision.Events.Count == 0) return [];
        stream.AppendMany(decision.Events);
        EventTrace.StampSession(session);
        return await NextEscalation(session, alert.Id, alert.Severity, nextLevel(alert), token);
    }

    /// <summary>The escalation timer for the given level, delayed by the clinic's current protocol.</summary>
    public static async Task<OutgoingMessages> NextEscalation(
        IQuerySession session, string alertId, Severity severity, int level, CancellationToken token)
    {
        if (level > Escalation.Levels.Count) return [];
        var protocol = (await ClinicProtocols.CurrentAsync(session, token)).Settings;
        return [new EscalateAlert(alertId, level).DelayedFor(Escalation.DelayBefore(level, severity, protocol.Get(Escalation.Section)))];
    }
}
