using Microsoft.AspNetCore.Mvc;
using Wolverine;

namespace WarningSystem.Alerts;

public sealed record SnoozeAlert(string? By, string? Reason, DateTimeOffset? Until);

/// <summary>Sets an alert aside until a time, for a stated reason; a durable timer returns it to open then.</summary>
public static class SnoozeAlertEndpoint
{
    [Authorize(Policy = Policies.ActOnAlerts)]
    [ReadsBody(typeof(SnoozeAlert))]
    [ProducesResponseType<AlertTransition>(StatusCodes.Status200OK)]
    [ProblemAnswers(404, 409)]
    [WolverinePost("/api/clinics/{clinicId}/alerts/{alertId}/snooze")]
    public static async Task<(IResult, OutgoingMessages)> Post(string clinicId, string alertId, HttpRequest request,
        IDocumentSession session, TimeProvider clock, CancellationToken token)
    {
        var (cmd, problem) = await RequestBody.ReadAsync<SnoozeAlert>(request);
        if (problem is not null) return (problem, []);
        var errors = AlertCommands.Check([("by", cmd!.By), ("reason", cmd.Reason)]);
        if (cmd.Until is null) errors.Add(("until", "is required"));
        if (errors.Count > 0) return (Problems.Validation(errors), []);

        return await AlertCommands.Apply(clinicId, alertId, session,
            alert => AlertLifecycle.Snooze(alert, cmd.By!, cmd.Reason!, cmd.Until!.Value, clock.GetUtcNow()), token);
    }
}
