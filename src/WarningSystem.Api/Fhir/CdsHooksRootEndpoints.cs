using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Fhir;

/// <summary>
/// CDS Hooks at the service's root, where an EHR looks for them (<c>/cds-services</c>): the clinic is the one the
/// calling credential was granted. A credential for several clinics calls the clinic's own base instead
/// (<c>/api/clinics/{clinicId}/cds-services</c>), which answers the same.
/// </summary>
public static class CdsHooksRootEndpoints
{
    [Authorize(Policy = Policies.DecisionSupport)]
    [ProducesResponseType<CdsDiscovery>(StatusCodes.Status200OK)]
    [WolverineGet("/cds-services")]
    public static CdsDiscovery Discover() => CdsHooksEndpoints.Discover();

    [Authorize(Policy = Policies.DecisionSupport)]
    [ReadsBody(typeof(CdsRequest))]
    [ProducesResponseType<CdsResponse>(StatusCodes.Status200OK)]
    [ProblemAnswers(400, 404)]
    [WolverinePost("/cds-services/{serviceId}")]
    public static async Task<IResult> Call(string serviceId, HttpContext context, IDocumentStore store, CancellationToken token)
    {
        if (ClinicOf(context) is not { } clinic) return SeveralClinics();
        await using var session = store.QuerySession(clinic);
        return await CdsHooksEndpoints.Call(clinic, serviceId, context.Request, session, token);
    }

    [Authorize(Policy = Policies.DecisionSupport)]
    [ReadsBody(typeof(CdsFeedback))]
    [ProducesResponseType<CdsFeedbackReceipt>(StatusCodes.Status200OK)]
    [ProblemAnswers(400, 404)]
    [WolverinePost("/cds-services/{serviceId}/feedback")]
    public static async Task<IResult> Feedback(string serviceId, HttpContext context, IDocumentStore store, TimeProvider clock,
        CancellationToken token)
    {
        if (ClinicOf(context) is not { } clinic) return SeveralClinics();
        await using var session = store.LightweightSession(clinic);
        var result = await CdsFeedbackEndpoint.Post(clinic, serviceId, context.Request, session, clock, token);
        // The clinic's own base commits through Wolverine's transaction; this one opened its own session.
        await session.SaveChangesAsync(token);
        return result;
    }

    /// <summary>The one clinic the credential names; also set as the request's clinic, so the read access log records it.</summary>
    static string? ClinicOf(HttpContext context)
    {
        var clinics = context.User.FindAll(Roles.ClinicClaim).Select(c => c.Value).Distinct().ToList();
        if (clinics.Count != 1 || !Identifiers.IsValid(clinics[0])) return null;
        context.Request.RouteValues["clinicId"] = clinics[0];
        return clinics[0];
    }

    static IResult SeveralClinics() => Problems.Status(400, "Which clinic?",
        "This credential is granted several clinics: call the clinic's own base, /api/clinics/{clinicId}/cds-services.");
}
