using Microsoft.AspNetCore.Mvc;
using Wolverine;

namespace WarningSystem.Alerts;

public sealed record ResolveAlert(string? By, Resolution? Resolution, string? Note);

/// <summary>A person closes the alert with a resolution code; misuse alerts never close on their own.</summary>
public static class ResolveAlertEndpoint
{
    [Authorize(Policy = Policies.ActOnAlerts)]
    [ReadsBody(typeof(ResolveAlert))]
    [ProducesResponseType<AlertTransition>(StatusCodes.Status200OK)]
    [ProblemAnswers(404, 409)]
    [WolverinePost("/api/clinics/{clinicId}/alerts/{alertId}/resolve")]
    public static async Task<(IResult, OutgoingMessages)> Post(string clinicId, string alertId, HttpRequest request,
        IDocumentSession session, TimeProvider clock, CancellationToken token)
    {
        var (cmd, problem) = await RequestBody.ReadAsync<ResolveAlert>(request);
        if (problem is not null) return (problem, []);
        var errors = AlertCommands.Check([("by", cmd!.By)], ("note", cmd.Note));
        if (cmd.Resolution is null)
            errors.Add(("resolution", $"is required: one of {JsonNames.Listed(typeof(Resolution))}"));
        if (errors.Count > 0) return (Problems.Validation(errors), []);

        return await AlertCommands.Apply(clinicId, alertId, session,
            alert => AlertLifecycle.Resolve(alert, cmd.By!, cmd.Resolution!.Value, cmd.Note, clock.GetUtcNow()), token);
    }
}
