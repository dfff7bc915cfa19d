using Microsoft.AspNetCore.Mvc;
using Wolverine;

namespace WarningSystem.Alerts;

public sealed record AcknowledgeAlert(string? By, string? Note);

/// <summary>A coordinator takes the alert on; this stops its escalation.</summary>
public static class AcknowledgeAlertEndpoint
{
    [Authorize(Policy = Policies.ActOnAlerts)]
    [ReadsBody(typeof(AcknowledgeAlert))]
    [ProducesResponseType<AlertTransition>(StatusCodes.Status200OK)]
    [ProblemAnswers(404, 409)]
    [WolverinePost("/api/clinics/{clinicId}/alerts/{alertId}/acknowledge")]
    public static async Task<(IResult, OutgoingMessages)> Post(string clinicId, string alertId, HttpRequest request,
        IDocumentSession session, TimeProvider clock, CancellationToken token)
    {
        var (cmd, problem) = await RequestBody.ReadAsync<AcknowledgeAlert>(request);
        if (problem is not null) return (problem, []);
        var errors = AlertCommands.Check([("by", cmd!.By)], ("note", cmd.Note));
        if (errors.Count > 0) return (Problems.Validation(errors), []);

        return await AlertCommands.Apply(clinicId, alertId, session,
            alert => AlertLifecycle.Acknowledge(alert, cmd.By!, cmd.Note, clock.GetUtcNow()), token);
    }
}
