using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Alerts;

/// <summary>
/// What a void changes about alerts, as a pure decision: an alert not yet resolved whose every evidence event is now
/// void gets one <see cref="AlertEvidenceVoided"/>; it is not closed. An alert already marked is left alone, so a
/// replayed void changes nothing.
/// </summary>
public static class VoidDecision
{
    public static IReadOnlyList<AlertEvidenceVoided> Decide(EvidenceVoided voided, IReadOnlyList<Alert> alerts, IReadOnlySet<string> allVoided) =>
        alerts.Where(a => a.IsOpen && !a.EvidenceVoided && a.Evidence.Count > 0
                && a.Evidence.Any(e => e.EventId == voided.VoidedEventId) && a.Evidence.All(e => allVoided.Contains(e.EventId)))
            .Select(a => new AlertEvidenceVoided(a.Id, voided.VoidedEventId, voided.Reason, voided.VoidedAt))
            .ToList();
}

/// <summary>Marks the patient's alerts that rested only on voided events; on the findings queue, one at a time.</summary>
public static class RecordVoidedEvidenceHandler
{
    public static async Task Handle(EvidenceVoided voided, IDocumentSession session, CancellationToken token)
    {
        var alerts = await session.Query<Alert>().Where(a => a.PatientId == voided.PatientId).ToListAsync(token);
        var stream = await session.Events.FetchStreamAsync(voided.PatientId, token: token);
        var allVoided = stream.Select(e => e.Data).OfType<EventVoided>().Select(v => v.VoidedEventId).ToHashSet();
        foreach (var change in VoidDecision.Decide(voided, alerts, allVoided)) session.Events.Append(change.AlertId, change);
    }
}
