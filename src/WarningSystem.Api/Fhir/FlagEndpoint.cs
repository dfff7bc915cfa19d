using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using WarningSystem.Alerts;

namespace WarningSystem.Fhir;

/// <summary>
/// The chart banner: one Flag per patient with alerts, active while any is not resolved and inactive once all are.
/// Without <c>patient</c>, the clinic's active flags by patient id, paged: the patients come from the per-patient
/// summary PostgreSQL keeps with every alert write, and only the page's patients' alerts are read.
/// </summary>
public static class FlagEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, FhirJson.MediaType)]
    [WolverineGet("/api/clinics/{clinicId}/fhir/Flag")]
    public static async Task<IResult> Search(string clinicId, HttpRequest request, IQuerySession session, CancellationToken token,
        string? patient = null, string? _count = null, string? page = null)
    {
        var (paging, problem) = FhirPaging.Parse(_count, page);
        if (paging is null) return problem!;
        var patientId = FhirLinks.PatientId(patient);

        int total;
        IReadOnlyList<Alert> alerts;
        if (patientId is not null)
        {
            alerts = await session.Query<Alert>().Where(a => a.PatientId == patientId).ToListAsync(token);
            total = alerts.Count == 0 ? 0 : 1;
            if (paging.Skip(total) is null) alerts = [];
        }
        else
        {
            var table = AlertReadModels.Name(session, AlertReadModels.Patients);
            total = await PatientWorklist.PatientsWithUnresolvedAsync(session, clinicId, token);
            var patients = paging.Skip(total) is { } skip
                ? await session.AdvancedSql.QueryAsync<string>(
                    $"select patient_id from {table} where tenant_id = ? and alerts > 0 order by patient_id collate \"C\" limit {paging.Count} offset {skip}",
                    token, clinicId)
                : [];
            alerts = patients.Count == 0 ? [] : await session.Query<Alert>()
                .Where(a => a.PatientId.IsOneOf(patients.ToArray()) && a.Status != AlertStatus.Resolved).ToListAsync(token);
        }

        var self = FhirLinks.Base(request, clinicId);
        var flags = alerts.GroupBy(a => a.PatientId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => AlertResources.Flag(g.Key, g.ToList()))
            .Select(f => ((Resource)f, $"{self}/Flag/{f.Id}"));
        return FhirJson.Write(paging.Searchset(request, $"{self}/Flag", flags, total));
    }
}
