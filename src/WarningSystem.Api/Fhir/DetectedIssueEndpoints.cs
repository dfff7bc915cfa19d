using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using WarningSystem.Alerts;

namespace WarningSystem.Fhir;

/// <summary>
/// A clinic's alerts as FHIR DetectedIssue resources: search (a searchset Bundle) and read. A search filters, counts
/// and pages in PostgreSQL (the total from the alert counters unless a patient is named), so it reads one page of
/// alerts however many the clinic has.
/// </summary>
public static class DetectedIssueEndpoints
{
    static readonly Dictionary<string, ObservationStatus> FhirStatuses = new()
    {
        ["preliminary"] = ObservationStatus.Preliminary, ["final"] = ObservationStatus.Final, ["cancelled"] = ObservationStatus.Cancelled,
    };

    [Authorize(Policy = Policies.ReadClinical)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, FhirJson.MediaType)]
    [WolverineGet("/api/clinics/{clinicId}/fhir/DetectedIssue")]
    public static async Task<IResult> Search(string clinicId, HttpRequest request, IQuerySession session, CancellationToken token,
        string? patient = null, string? status = null, string? _count = null, string? page = null)
    {
        var (paging, problem) = FhirPaging.Parse(_count, page);
        if (paging is null) return problem!;
        AlertStatus? alertStatus = null;
        ObservationStatus? fhirStatus = null;
        if (status is not null)
        {
            if (JsonNames.TryParse<AlertStatus>(status, out var own)) alertStatus = own;
            else if (FhirStatuses.TryGetValue(status, out var fhir)) fhirStatus = fhir;
            else
                return FhirJson.Problem(400, OperationOutcome.IssueType.Value,
                    $"status must be one of {string.Join(", ", FhirStatuses.Keys)} (FHIR) or {JsonNames.Listed(typeof(AlertStatus))} (the alert's own)");
        }

        var patientId = FhirLinks.PatientId(patient);
        var filter = new AlertFilter(alertStatus, UnresolvedOnly: false, null, null, patientId);
        var (where, parameters) = filter.Sql(clinicId);
        if (fhirStatus is { } f) where += " and " + AlertResources.StatusCondition(f, AlertDocuments.StatusColumn, AlertDocuments.ResolutionColumn);
        var total = patientId is null
            ? await AlertTallies.MatchingAsync(session, clinicId, filter, token,
                fhirStatus is { } t ? AlertResources.StatusCondition(t, "status", "resolution") : null)
            : await AlertDocuments.CountAsync(session, where, parameters, token);

        var alerts = paging.Skip(total) is { } skip
            ? await session.QueryAsync<Alert>($"where {where} order by raised_at desc, id limit {paging.Count} offset {skip}", token, parameters)
            : [];
        var self = FhirLinks.Base(request, clinicId);
        return FhirJson.Write(paging.Searchset(request, $"{self}/DetectedIssue",
            alerts.Select(a => ((Resource)AlertResources.DetectedIssue(a), $"{self}/DetectedIssue/{a.Id}")), total));
    }

    [Authorize(Policy = Policies.ReadClinical)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, FhirJson.MediaType)]
    [ProblemAnswers(404)]
    [WolverineGet("/api/clinics/{clinicId}/fhir/DetectedIssue/{alertId}")]
    public static async Task<IResult> Read(string clinicId, string alertId, IQuerySession session, CancellationToken token) =>
        await session.LoadAsync<Alert>(alertId, token) is { } alert
            ? FhirJson.Write(AlertResources.DetectedIssue(alert))
            : FhirJson.Problem(404, OperationOutcome.IssueType.NotFound, $"Clinic '{clinicId}' has no DetectedIssue '{alertId}'.");
}
