using Microsoft.AspNetCore.Mvc;
using Wolverine;

namespace WarningSystem.Alerts;

/// <summary>
/// Starts a rebuild of the clinic's alert read model from the alert streams (after a fix to the read model, say) and
/// answers where to follow it. The whole store is rebuilt offline with the <c>projections rebuild</c> command instead.
/// </summary>
public static class RebuildAlertsEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType<AlertRebuild>(StatusCodes.Status202Accepted)]
    [WolverinePost("/api/clinics/{clinicId}/rebuilds")]
    public static (IResult, OutgoingMessages) Post(string clinicId, IDocumentSession session, TimeProvider clock)
    {
        var rebuild = new AlertRebuild { Id = Guid.NewGuid().ToString("N"), Status = RebuildStatus.Running, StartedAt = clock.GetUtcNow() };
        session.Store(rebuild);
        // The message commits with the record (durable outbox), so an accepted rebuild always runs.
        return (Results.Accepted($"/api/clinics/{clinicId}/rebuilds/{rebuild.Id}", rebuild), [new RebuildAlerts(clinicId, rebuild.Id)]);
    }

    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType<AlertRebuild>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    [WolverineGet("/api/clinics/{clinicId}/rebuilds/{rebuildId}")]
    public static async Task<IResult> Get(string clinicId, string rebuildId, IQuerySession session, CancellationToken token) =>
        await session.LoadAsync<AlertRebuild>(rebuildId, token) is { } rebuild
            ? Results.Ok(rebuild)
            : Problems.NotFound("rebuild", clinicId, rebuildId);
}
