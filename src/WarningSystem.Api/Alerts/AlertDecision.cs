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

    /// <summary>
    /// A patient's findings decided in order, each on the alerts as the ones before it left them: a finding that
    /// raises an alert makes the next finding of its rule join it, and evidence is never alerted twice within the
    /// findings either. The same changes as recording the findings one at a time; each comes with its finding.
    /// </summary>
    public static IReadOnlyList<(FindingDetected Finding, AlertChange Change)> Fold(
        string clinicId, IReadOnlyList<FindingDetected> findings, IReadOnlyList<Alert> alertsForPatient, DateTimeOffset now)
    {
        var alerts = alertsForPatient.ToList();
        var changes = new List<(FindingDetected, AlertChange)>();
        foreach (var finding in findings)
        {
            var forRule = alerts.Where(a => a.RuleId == finding.RuleId).ToList();
            if (Decide(clinicId, finding, forRule, now) is not { } change) continue;
            changes.Add((finding, change));
            var index = alerts.FindIndex(a => a.Id == change.AlertId);
            var changed = change.Events.Aggregate(index < 0 ? null : alerts[index], (alert, e) => Evolve(clinicId, alert, e));
            if (index < 0) alerts.Add(changed!);
            else alerts[index] = changed!;
        }
        return changes;
    }

    // The alert's own Create and Apply, as its inline projection folds them: the next decision sees what the stream
    // will say. Only the events Decide returns.
    static Alert? Evolve(string clinicId, Alert? alert, object e) => e switch
    {
        AlertRaised raised => Alert.Create(Stored(clinicId, raised)),
        AlertEvidenceAdded added => alert!.Apply(Stored(clinicId, added)),
        AlertSeverityRaised rose => alert!.Apply(Stored(clinicId, rose)),
        _ => throw new ArgumentException($"{e.GetType().Name} is not decided on findings", nameof(e)),
    };

    static JasperFx.Events.Event<T> Stored<T>(string clinicId, T data) where T : notnull => new(data) { TenantId = clinicId };
}

/// <summary>Alert ids derive from what first raised them, so the same history always gives the same alert ids.</summary>
public static class AlertIdentity
{
    public static string For(string clinicId, string patientId, string ruleId, string triggerEventId) =>
        "alert-" + EventIdentity.For(clinicId, $"{patientId}\u001f{ruleId}\u001f{triggerEventId}").ToString("N");
}
