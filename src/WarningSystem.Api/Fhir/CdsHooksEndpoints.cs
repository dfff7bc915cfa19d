using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using WarningSystem.Alerts;

namespace WarningSystem.Fhir;

/// <summary>
/// CDS Hooks 2.0: the clinic's base is <c>/api/clinics/{clinicId}</c>, so discovery is at <c>{base}/cds-services</c>.
/// patient-view shows a card per alert not yet resolved; order-sign does so when a draft order is for ketamine or
/// esketamine. The EHR calls with the service's own credentials (an integration key or token).
/// </summary>
public static class CdsHooksEndpoints
{
    const long MaxBodyBytes = 1024 * 1024;
    static readonly Dictionary<string, string> Prefetch = new() { ["patient"] = "Patient/{{context.patientId}}" };

    [Authorize(Policy = Policies.DecisionSupport)]
    [ProducesResponseType<CdsDiscovery>(StatusCodes.Status200OK)]
    [WolverineGet("/api/clinics/{clinicId}/cds-services")]
    public static CdsDiscovery Discover() => new(
    [
        new(CdsCards.PatientView, CdsCards.ServiceId, "Ketamine misuse warnings",
            "Open warnings of misuse (cravings, rising doses, off-schedule requests, missed follow-ups, withdrawal) for the patient.", Prefetch),
        new(CdsCards.OrderSign, CdsCards.OrderServiceId, "Ketamine misuse warnings before signing",
            "The patient's open misuse warnings when a ketamine or esketamine order is about to be signed.", Prefetch),
    ]);

    [Authorize(Policy = Policies.DecisionSupport)]
    [ReadsBody(typeof(CdsRequest))]
    [ProducesResponseType<CdsResponse>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    [WolverinePost("/api/clinics/{clinicId}/cds-services/{serviceId}")]
    public static async Task<IResult> Call(string clinicId, string serviceId, HttpRequest request, IQuerySession session,
        CancellationToken token)
    {
        if (serviceId is not (CdsCards.ServiceId or CdsCards.OrderServiceId))
            return Problems.Status(404, "No such CDS service", $"Clinic '{clinicId}' has no CDS service '{serviceId}'.");
        var (call, problem) = await RequestBody.ReadAsync<CdsRequest>(request, MaxBodyBytes);
        if (problem is not null) return problem;

        var errors = new List<(string, string)>();
        if (call!.Hook is not (CdsCards.PatientView or CdsCards.OrderSign))
            errors.Add(("hook", $"must be {CdsCards.PatientView} or {CdsCards.OrderSign}"));
        if (string.IsNullOrWhiteSpace(call.HookInstance)) errors.Add(("hookInstance", "is required"));
        var patientId = Text(call.Context, "patientId");
        if (patientId is null || !Identifiers.IsValid(patientId)) errors.Add(("context.patientId", Identifiers.Rule));
        var ketamineOrder = false;
        if (call.Hook == CdsCards.OrderSign)
        {
            var (orders, orderError) = DraftOrders(call.Context);
            if (orderError is not null) errors.Add(("context.draftOrders", orderError));
            ketamineOrder = orders.Any(o => MedicationAdministrationMapping.DrugOf(o.Medication, new FhirRead(o, new Dictionary<string, Resource>()), "medication") is not null);
        }
        if (errors.Count > 0) return Problems.Validation(errors);
        if (call.Hook == CdsCards.OrderSign && !ketamineOrder) return Results.Ok(new CdsResponse([]));

        var alerts = await session.Query<Alert>()
            .Where(a => a.PatientId == patientId && a.Status != AlertStatus.Resolved).ToListAsync(token);
        var alertsUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/api/clinics/{clinicId}/alerts";
        var cards = alerts.OrderByDescending(a => a.Severity).ThenByDescending(a => a.RaisedAt)
            .Select(a => CdsCards.For(a, $"{alertsUrl}/{a.Id}", call.Hook == CdsCards.OrderSign)).ToList();
        return Results.Ok(new CdsResponse(cards));
    }

    static string? Text(JsonElement? context, string name) =>
        context is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;

    /// <summary>The MedicationRequests of the draftOrders Bundle, read with Firely's parser.</summary>
    static (IReadOnlyList<MedicationRequest> Orders, string? Error) DraftOrders(JsonElement? context)
    {
        if (context is not { ValueKind: JsonValueKind.Object } c || !c.TryGetProperty("draftOrders", out var draft))
            return ([], "is required for order-sign");
        var (resource, errors) = FhirJson.Parse(draft.GetRawText());
        if (resource is not Bundle bundle)
            return ([], errors?.Issue.FirstOrDefault()?.Diagnostics ?? "must be a FHIR Bundle");
        return (bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>().ToList(), null);
    }
}
