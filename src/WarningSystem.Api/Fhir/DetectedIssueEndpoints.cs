using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using WarningSystem.Alerts;

namespace WarningSystem.Fhir;

/// <summary>A clinic's alerts as FHIR DetectedIssue resources: search (a searchset Bundle) and read.</summary>
public static class DetectedIssueEndpoints
{
    public const int MaxCount = 200;
    static readonly string[] FhirStatuses = ["preliminary", "final", "cancelled"];

    [Authorize(Policy = Policies.ReadClinical)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, FhirJson.MediaType)]
    [WolverineGet("/api/clinics/{clinicId}/fhir/DetectedIssue")]
    public static async Task<IResult> Search(string clinicId, HttpRequest request, IQuerySession session, CancellationToken token,
        string? patient = null, string? status = null, string? _count = null, string? page = null)
    {
        // Numbers read here rather than bound: a value that is not one is an OperationOutcome, not problem details.
        var count = 50;
        if (_count is not null && !int.TryParse(_count, out count) || count is < 1 or > MaxCount)
            return FhirJson.Problem(400, OperationOutcome.IssueType.Value, $"_count must be between 1 and {MaxCount}");
        var number = 1;
        if (page is not null && !int.TryParse(page, out number) || number < 1)
            return FhirJson.Problem(400, OperationOutcome.IssueType.Value, "page must be 1 or more");
        var patientId = patient?.StartsWith("Patient/") == true ? patient["Patient/".Length..] : patient;
        IQueryable<Alert> query = session.Query<Alert>();
        if (patientId is not null) query = query.Where(a => a.PatientId == patientId);
        if (status is not null)
        {
            if (JsonNames.TryParse<AlertStatus>(status, out var alertStatus)) query = query.Where(a => a.Status == alertStatus);
            else if (!FhirStatuses.Contains(status))
                return FhirJson.Problem(400, OperationOutcome.IssueType.Value,
                    $"status must be one of {string.Join(", ", FhirStatuses)} (FHIR) or {JsonNames.Listed(typeof(AlertStatus))} (the alert's own)");
        }
        var alerts = await query.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id).ToListAsync(token);
        // FHIR status derives from status and resolution, so it filters after the query.
        var matching = alerts.Where(a => status is null || !FhirStatuses.Contains(status)
            || AlertResources.StatusOf(a).ToString().Equals(status, StringComparison.OrdinalIgnoreCase)).ToList();
        var self = FhirLinks.Base(request, clinicId);
        var bundle = FhirLinks.Searchset(matching.Skip(Paging.Skip(number, count, matching.Count) ?? matching.Count).Take(count)
            .Select(a => ((Resource)AlertResources.DetectedIssue(a), $"{self}/DetectedIssue/{a.Id}")), matching.Count);
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{self}/DetectedIssue{request.QueryString}" });
        if ((long)number * count < matching.Count)
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = FhirLinks.WithPage(request, $"{self}/DetectedIssue", number + 1) });
        return FhirJson.Write(bundle);
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
