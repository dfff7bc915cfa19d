using Wolverine;

namespace WarningSystem.Alerts;

/// <summary>The outcome of a lifecycle command: the alert's new status and stream version.</summary>
public sealed record AlertTransition(string AlertId, AlertStatus Status, long Version);

/// <summary>
/// What every lifecycle endpoint does around its decision: load the alert for writing (optimistic concurrency, so
/// two coordinators acting at once cannot both win), answer a refusal with problem details, or append the decided
/// events and hand back the decided messages (timers) for Wolverine to send with the commit.
/// </summary>
public static class AlertCommands
{
    public const int MaxText = 2000;

    public static async Task<(IResult, OutgoingMessages)> Apply(string clinicId, string alertId, IDocumentSession session,
        Func<Alert, LifecycleDecision> decide, CancellationToken token)
    {
        var stream = await session.Events.FetchForWriting<Alert>(alertId, token);
        if (stream.Aggregate is not { } alert) return (Problems.NotFound("alert", clinicId, alertId), []);

        var decision = decide(alert);
        if (decision.Refused is { } refusal) return (Refused(refusal, decision.Reason!), []);
        stream.AppendMany(decision.Events);
        EventTrace.StampSession(session);
        var transition = new AlertTransition(alert.Id, StatusAfter(decision.Events[^1], alert.Status),
            alert.StreamVersion + decision.Events.Count);
        return (Results.Ok(transition), [.. decision.Messages]);
    }

    static IResult Refused(Refusal refusal, string reason) => refusal switch
    {
        Refusal.NotInThisState => Problems.Status(409, "Not allowed in the alert's state", reason),
        _ => Problems.Status(400, "Invalid request", reason),
    };

    static AlertStatus StatusAfter(object e, AlertStatus before) => e switch
    {
        AlertAcknowledged => AlertStatus.Acknowledged,
        AlertSnoozed => AlertStatus.Snoozed,
        AlertResolved => AlertStatus.Resolved,
        _ => before,
    };

    /// <summary>Required free text (who acted, why), each at most <see cref="MaxText"/> characters.</summary>
    public static List<(string Field, string Error)> Check(
        (string Field, string? Value)[] required, params (string Field, string? Value)[] optional) =>
        required.Where(f => string.IsNullOrWhiteSpace(f.Value)).Select(f => (f.Field, "is required"))
            .Concat(required.Concat(optional).Where(f => f.Value?.Length > MaxText)
                .Select(f => (f.Field, $"must be at most {MaxText} characters")))
            .ToList();
}
