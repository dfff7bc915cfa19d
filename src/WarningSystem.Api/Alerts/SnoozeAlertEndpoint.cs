using Wolverine;

namespace WarningSystem.Alerts;

public sealed record SnoozeAlert(string? By, string? Reason, DateTimeOffset? Until);

/// <summary>Sets an alert aside until a time, for a stated reason; a durable timer returns it to open then.</summary>
public static class SnoozeAlertEndpoint
{
    [Authorize(Policy = Policies.ActOnAlerts)]
    [WolverinePost("/api/clinics/{clinicId}/alerts/{alertId}/snooze")]
    public static async Task<IResult> Post(string clinicId, string alertId, HttpRequest request, IDocumentSession session,
        IMessageBus bus, TimeProvider clock, CancellationToken token)
    {
        var (cmd, problem) = await Problems.ReadBodyAsync<SnoozeAlert>(request);
        if (problem is not null) return problem;
        var errors = AlertCommands.Required(("by", cmd!.By), ("reason", cmd.Reason))
            .Concat(AlertCommands.Bounded(("by", cmd.By), ("reason", cmd.Reason))).ToList();
        if (cmd.Until is null) errors.Add(("until", "is required"));
        if (errors.Count > 0) return Problems.Validation(errors);

        var result = await AlertCommands.Apply(clinicId, alertId, session,
            alert => AlertLifecycle.Snooze(alert, cmd.By!, cmd.Reason!, cmd.Until!.Value, clock.GetUtcNow()), token);
        // The timer commits with the snooze (Wolverine's outbox), or not at all.
        if (result is IStatusCodeHttpResult { StatusCode: 200 })
            await bus.ScheduleAsync(new ExpireSnooze(alertId, cmd.Until!.Value), cmd.Until.Value, new DeliveryOptions { TenantId = clinicId });
        return result;
    }
}
