using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using WarningSystem.Alerts;

namespace WarningSystem.Fhir;

/// <summary>
/// The chart banner: one Flag per patient with alerts, active while any is not resolved and inactive once all are.
/// Without <c>patient</c>, the clinic's active flags.
/// </summary>
public static class FlagEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, FhirJson.MediaType)]
    [WolverineGet("/api/clinics/{clinicId}/fhir/Flag")]
    public static async Task<IResult> Search(string clinicId, HttpRequest request, IQuerySession session, CancellationToken token,
        string? patient = null)
    {
        var patientId = patient?.StartsWith("Patient/") == true ? patient["Patient/".Length..] : patient;
        var alerts = patientId is null
            ? await session.Query<Alert>().Where(a => a.Status != AlertStatus.Resolved).ToListAsync(token)
            : await session.Query<Alert>().Where(a => a.PatientId == patientId).ToListAsync(token);
        var self = FhirLinks.Base(request, clinicId);
        var flags = alerts.GroupBy(a => a.PatientId).OrderBy(g => g.Key)
            .Select(g => AlertResources.Flag(g.Key, g.ToList()))
            .Select(f => ((Resource)f, $"{self}/Flag/{f.Id}")).ToList();
        var bundle = FhirLinks.Searchset(flags, flags.Count);
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{self}/Flag{request.QueryString}" });
        return FhirJson.Write(bundle);
    }
}
