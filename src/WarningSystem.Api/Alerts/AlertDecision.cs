using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Alerts;

/// <summary>What recording a finding changes: the events to add to an alert stream, new or existing.</summary>
public sealed record AlertChange(string AlertId, bool StartsStream, IReadOnlyList<object> Events);

/// <summary>
/// Deduplication, as a pure decision. At most one open alert per patient and rule; a finding joins it. Evidence
/// already on any alert of the rule is never alerted again, so replaying events changes nothing.
/// </summary>
public static class AlertDecision
{
    public static AlertChange? Decide(
        string clinicId, FindingDetected finding, IReadOnlyList<Alert> alertsForPatientRule, DateTimeOffset now)
    {
        var evidence = finding.Evidence.Select(e => new AlertEvidence(e.EventId, e.Sequence, e.OccurredAt, e.Type)).ToList();
        var alerted = alertsForPatientRule.SelectMany(a => a.Evidence).Select(e => e.EventId).ToHashSet();
        var fresh = evidence.Where(e => !alerted.Contains(e.EventId)).ToList();
        if (fresh.Count == 0) return null;

        var open = alertsForPatientRule.FirstOrDefault(a => a.IsOpen);
        if (open is null)
        {
            var id = AlertIdentity.For(clinicId, finding.PatientId, finding.RuleId, finding.TriggerEventId);
            return new(id, true, [new AlertRaised(id, finding.PatientId, finding.RuleId, finding.RuleVersion,
                finding.Severity, finding.RaisedAt, now, finding.Summary, finding.Explanation, evidence,
                finding.ProtocolVersion)]);
        }

        var events = new List<object>
        {
            new AlertEvidenceAdded(open.Id, finding.RaisedAt, now, finding.Summary, finding.Explanation, fresh),
        };
        if (finding.Severity > open.Severity)
            events.Add(new AlertSeverityRaised(open.Id, open.Severity, finding.Severity,
                $"Triggered again at {finding.RaisedAt:yyyy-MM-dd HH:mm} with severity {finding.Severity}."));
        return new(open.Id, false, events);
    }
}

/// <summary>Alert ids derive from what first raised them, so the same history always gives the same alert ids.</summary>
public static class AlertIdentity
{
    public static string For(string clinicId, string patientId, string ruleId, string triggerEventId) =>
        "alert-" + EventIdentity.For(clinicId, $"{patientId}\u001f{ruleId}\u001f{triggerEventId}").ToString("N");
}
