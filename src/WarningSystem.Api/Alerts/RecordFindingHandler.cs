using Wolverine;
using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>
/// Records findings as alerts. Runs on a sequential durable queue, so no two findings for a patient and rule ever
/// both raise an alert. A patient's findings of a detection page are recorded together: their alerts read once, one
/// transaction. A new alert, or one whose severity rose while nobody acknowledged it, gets its escalation timer.
/// </summary>
public static class RecordFindingHandler
{
    public static async Task<OutgoingMessages> Handle(FindingsDetected detected, IDocumentSession session, TimeProvider clock, CancellationToken token)
    {
        var now = clock.GetUtcNow();
        var existing = await session.Query<Alert>().Where(a => a.PatientId == detected.PatientId).ToListAsync(token);
        var changes = AlertDecision.Fold(session.TenantId, detected.Findings, existing, now);
        if (changes.Count == 0) return [];
        foreach (var (finding, _) in changes) AlertTelemetry.Detected(finding, now);
        // The alert events carry this trace on to delivery, which reads them later.
        EventTrace.StampSession(session);

        var messages = new OutgoingMessages();
        // One start or append per alert stream, its events in the order they were decided.
        foreach (var stream in changes.Select(c => c.Change).GroupBy(c => c.AlertId))
        {
            var events = stream.SelectMany(c => c.Events).ToArray();
            var starts = stream.First().StartsStream;
            if (starts) session.Events.StartStream<Alert>(stream.Key, events);
            else session.Events.Append(stream.Key, events);

            var open = existing.FirstOrDefault(a => a.Id == stream.Key);
            var raisedTo = events.OfType<AlertSeverityRaised>().LastOrDefault()?.To;
            var speedsUp = raisedTo >= Severity.High && open is { Status: AlertStatus.Open, EscalationLevel: 0 };
            // The delay depends on the severity the alert has now, so one timer covers a raise and later rises.
            if (starts || speedsUp)
                messages.AddRange(await AlertTimersHandler.NextEscalation(session, stream.Key,
                    raisedTo ?? events.OfType<AlertRaised>().First().Severity, 1, token));
        }
        return messages;
    }

    /// <summary>A finding published on its own, as detection did before it published a patient's findings together.</summary>
    public static Task<OutgoingMessages> Handle(FindingDetected finding, IDocumentSession session, TimeProvider clock, CancellationToken token) =>
        Handle(new FindingsDetected(finding.PatientId, [finding]), session, clock, token);
}
