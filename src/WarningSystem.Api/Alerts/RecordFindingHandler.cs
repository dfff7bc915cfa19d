using Wolverine;
using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Alerts;

/// <summary>
/// Records findings as alerts. Runs on a sequential durable queue: one finding at a time, so no two raise twice. A
/// new alert, or one whose severity rose while nobody acknowledged it, gets its escalation timer.
/// </summary>
public static class RecordFindingHandler
{
    public static async Task<OutgoingMessages> Handle(FindingDetected finding, IDocumentSession session, TimeProvider clock, CancellationToken token)
    {
        var existing = await session.Query<Alert>()
            .Where(a => a.PatientId == finding.PatientId && a.RuleId == finding.RuleId)
            .ToListAsync(token);
        if (AlertDecision.Decide(session.TenantId, finding, existing, clock.GetUtcNow()) is not { } change) return [];
        AlertTelemetry.Detected(finding, clock.GetUtcNow());
        // The alert events carry this trace on to delivery, which reads them later.
        EventTrace.StampSession(session);

        if (change.StartsStream) session.Events.StartStream<Alert>(change.AlertId, change.Events.ToArray());
        else session.Events.Append(change.AlertId, change.Events.ToArray());

        var open = existing.FirstOrDefault(a => a.Id == change.AlertId);
        var speedsUp = change.Events.OfType<AlertSeverityRaised>().Any(r => r.To >= Severity.High)
            && open is { Status: AlertStatus.Open, EscalationLevel: 0 };
        return change.StartsStream || speedsUp
            ? await AlertTimersHandler.NextEscalation(session, change.AlertId, finding.Severity, 1, token)
            : [];
    }
}
