namespace WarningSystem.Alerts;

/// <summary>One alert with its evidence and explanation.</summary>
public static class GetAlertEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverineGet("/api/clinics/{clinicId}/alerts/{alertId}")]
    public static async Task<IResult> Get(string clinicId, string alertId, IQuerySession session, CancellationToken token)
    {
        if (Problems.InvalidIdentifier("clinicId", clinicId) is { } badClinic) return badClinic;
        return await session.LoadAsync<Alert>(alertId, token) is { } alert
            ? Results.Ok(alert)
            : Problems.Status(404, "Alert not found", $"Clinic '{clinicId}' has no alert '{alertId}'.");
    }
}
