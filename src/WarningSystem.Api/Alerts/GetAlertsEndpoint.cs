using Microsoft.AspNetCore.Mvc;
using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>
/// A clinic's alerts, newest first, filtered and paged: the coordinator's worklist. With <c>groupBy=patient</c>,
/// one line per patient holding that patient's alerts (by default the ones not yet resolved), most severe first.
/// </summary>
public static class GetAlertsEndpoint
{
    public const int MaxPageSize = 200;

    [Authorize(Policy = Policies.ReadClinical)]
    // One of two shapes: a page of alerts, or with groupBy=patient a page of patients.
    [ProducesResponseType<AlertPage>(StatusCodes.Status200OK)]
    [WolverineGet("/api/clinics/{clinicId}/alerts")]
    public static async Task<IResult> Get(string clinicId, IQuerySession session, RuleSet rules, CancellationToken token,
        string? status = null, string? severity = null, string? ruleId = null, string? patientId = null,
        string? groupBy = null, int page = 1, int pageSize = 50)
    {
        var errors = new List<(string, string)>();
        var statusFilter = ParseEnum<AlertStatus>(status, "status", errors);
        var severityFilter = ParseEnum<Severity>(severity, "severity", errors);
        if (ruleId is not null && !rules.Has(ruleId))
            errors.Add(("ruleId", $"must be one of: {string.Join(", ", rules.All.Select(r => r.Id))}"));
        if (page < 1) errors.Add(("page", "must be 1 or more"));
        if (pageSize is < 1 or > MaxPageSize) errors.Add(("pageSize", $"must be between 1 and {MaxPageSize}"));
        if (groupBy is not (null or "patient")) errors.Add(("groupBy", "must be 'patient' when given"));
        if (errors.Count > 0) return Problems.Validation(errors);

        var filter = new AlertFilter(statusFilter, UnresolvedOnly: groupBy is not null, severityFilter, ruleId, patientId);
        if (groupBy is not null) return await PatientWorklist.PageAsync(session, clinicId, filter, page, pageSize, token);

        // The counters answer every count but a patient's, whose alerts are few and found by their index.
        var (where, parameters) = filter.Sql(clinicId);
        var total = filter.PatientId is null
            ? await AlertTallies.MatchingAsync(session, clinicId, filter, token)
            : await AlertDocuments.CountAsync(session, where, parameters, token);
        var items = await AlertDocuments.ReadAsync(session, where, parameters, $"limit {pageSize} offset {(long)(page - 1) * pageSize}", token);
        return AlertDocuments.Page(items, page, pageSize, total);
    }

    static T? ParseEnum<T>(string? text, string field, List<(string, string)> errors) where T : struct, Enum
    {
        if (text is null) return null;
        if (JsonNames.TryParse<T>(text, out var value)) return value;
        errors.Add((field, $"must be one of: {JsonNames.Listed(typeof(T))}"));
        return null;
    }
}

public sealed record AlertPage(IReadOnlyList<Alert> Items, int Page, int PageSize, int Total);

public sealed record PatientAlerts(string PatientId, Severity HighestSeverity, IReadOnlyList<Alert> Alerts);

public sealed record PatientAlertPage(IReadOnlyList<PatientAlerts> Patients, int Page, int PageSize, int Total);
