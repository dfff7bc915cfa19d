namespace WarningSystem.Security;

/// <summary>Refused requests against a clinic, newest first: who tried what, and when.</summary>
public static class GetAccessLogEndpoint
{
    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/clinics/{clinicId}/access-log")]
    public static async Task<IReadOnlyList<AccessDenied>> Get(string clinicId, IQuerySession session, CancellationToken token) =>
        await session.Query<AccessDenied>().OrderByDescending(a => a.At).Take(500).ToListAsync(token);
}
