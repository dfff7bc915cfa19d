using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Alerts;

/// <summary>One alert with its evidence and explanation.</summary>
public static class GetAlertEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [ProducesResponseType<Alert>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    [WolverineGet("/api/clinics/{clinicId}/alerts/{alertId}")]
    public static async Task<IResult> Get(string clinicId, string alertId, IQuerySession session, CancellationToken token)
    {
        return await session.LoadAsync<Alert>(alertId, token) is { } alert
            ? Results.Ok(alert)
            : Problems.NotFound("alert", clinicId, alertId);
    }
}
