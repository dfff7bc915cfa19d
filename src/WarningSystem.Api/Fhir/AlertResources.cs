using Hl7.Fhir.Model;
using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.Fhir;

/// <summary>
/// Alerts as FHIR resources, the way prescription-monitoring systems deliver them: each alert a DetectedIssue, and
/// one Flag per patient (the chart banner), active while any alert of the patient is not resolved. Pure functions.
/// </summary>
public static class AlertResources
{
    public const string RuleSystem = "https://warningsystem.example.org/fhir/CodeSystem/rule";
    public const string ResolutionSystem = "https://warningsystem.example.org/fhir/CodeSystem/alert-action";
    public const string FlagCategory = "http://terminology.hl7.org/CodeSystem/flag-category";

    public static DetectedIssue DetectedIssue(Alert alert) => new()
    {
        Id = alert.Id,
        Meta = new Meta { VersionId = alert.StreamVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        Status = StatusOf(alert),
        Severity = SeverityOf(alert.Severity),
        Code = new CodeableConcept(RuleSystem, alert.RuleId, alert.RuleId, alert.Summary),
        Patient = new ResourceReference($"Patient/{alert.PatientId}"),
        Identified = new FhirDateTime(alert.DetectedAt),
        Author = new ResourceReference { Display = "WarningSystem misuse detection" },
        Implicated = SourceReferences(alert).ToList(),
        Evidence = SourceReferences(alert).Any()
            ? [new Hl7.Fhir.Model.DetectedIssue.EvidenceComponent { Detail = SourceReferences(alert).ToList() }]
            : [],
        Detail = alert.Explanation,
        Reference = $"/api/clinics/{alert.ClinicId}/alerts/{alert.Id}",
        Mitigation = Mitigations(alert).ToList(),
    };

    /// <summary>FHIR status: open is preliminary (no clinician has reviewed it); a false positive is cancelled.</summary>
    public static ObservationStatus StatusOf(Alert alert) => alert.Status switch
    {
        AlertStatus.Open => ObservationStatus.Preliminary,
        AlertStatus.Resolved when alert.Resolution == Resolution.FalsePositive => ObservationStatus.Cancelled,
        _ => ObservationStatus.Final,
    };

    /// <summary>
    /// <see cref="StatusOf"/> as a condition in SQL, over the given expressions for the stored status and resolution
    /// (empty or null for none), so a search filters and counts by FHIR status in PostgreSQL.
    /// </summary>
    public static string StatusCondition(ObservationStatus fhir, string status, string resolution)
    {
        var open = JsonNames.Of(AlertStatus.Open);
        return fhir switch
        {
            ObservationStatus.Preliminary => $"({status}) = '{open}'",
            ObservationStatus.Cancelled => AlertDocuments.FalsePositive(status, resolution),
            // "is not true": with no resolution the false-positive condition is null, not false.
            _ => $"({status}) <> '{open}' and {AlertDocuments.FalsePositive(status, resolution)} is not true",
        };
    }

    public static Hl7.Fhir.Model.DetectedIssue.DetectedIssueSeverity SeverityOf(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => Hl7.Fhir.Model.DetectedIssue.DetectedIssueSeverity.High,
        _ => Hl7.Fhir.Model.DetectedIssue.DetectedIssueSeverity.Moderate,
    };

    /// <summary>
    /// Evidence that came in as FHIR (its event id is "Type/id/_history/version", and for a questionnaire's item
    /// "…/version/{linkId}") points back at its resource.
    /// </summary>
    static IEnumerable<ResourceReference> SourceReferences(Alert alert) => alert.Evidence
        .Select(e => e.EventId.Split('/') is [var type, var id, "_history", var version, ..] && FhirMapping.Supported.Contains(type)
            && (e.EventId.Split('/').Length == 4 || type == "QuestionnaireResponse") ? $"{type}/{id}/_history/{version}" : null)
        .OfType<string>().Distinct()
        .Select(reference => new ResourceReference(reference));

    static IEnumerable<Hl7.Fhir.Model.DetectedIssue.MitigationComponent> Mitigations(Alert alert)
    {
        if (alert.AcknowledgedAt is { } acknowledged)
            yield return new()
            {
                Action = new CodeableConcept(ResolutionSystem, "acknowledged", "Acknowledged", null),
                Date = new FhirDateTime(acknowledged).Value, Author = new ResourceReference { Display = alert.AcknowledgedBy },
            };
        if (alert.ResolvedAt is { } resolved && alert.Resolution is { } resolution)
            yield return new()
            {
                Action = new CodeableConcept(ResolutionSystem, JsonNames.Of(resolution), $"Resolved: {JsonNames.Of(resolution)}", null),
                Date = new FhirDateTime(resolved).Value, Author = new ResourceReference { Display = alert.ResolvedBy },
            };
    }

    /// <summary>The patient's chart banner: active while any alert is not resolved, inactive once all are.</summary>
    public static Flag Flag(string patientId, IReadOnlyList<Alert> alerts)
    {
        var open = alerts.Where(a => a.IsOpen).ToList();
        var text = open.Count == 0
            ? "Ketamine misuse warnings: all resolved"
            : $"Ketamine misuse warning: {open.Count} open alert{(open.Count == 1 ? "" : "s")}, highest {JsonNames.Of(open.Max(a => a.Severity))}";
        return new()
        {
            Id = $"misuse-{patientId}",
            Status = open.Count > 0 ? Hl7.Fhir.Model.Flag.FlagStatus.Active : Hl7.Fhir.Model.Flag.FlagStatus.Inactive,
            Category = [new CodeableConcept(FlagCategory, "clinical", "Clinical", null)],
            Code = new CodeableConcept(RuleSystem, "misuse-risk", "Misuse risk", text),
            Subject = new ResourceReference($"Patient/{patientId}"),
            Period = new Period
            {
                Start = new FhirDateTime(alerts.Min(a => a.DetectedAt)).Value,
                End = open.Count == 0 ? new FhirDateTime(alerts.Max(a => a.ResolvedAt ?? a.DetectedAt)).Value : null,
            },
            Author = new ResourceReference { Display = "WarningSystem misuse detection" },
        };
    }
}
