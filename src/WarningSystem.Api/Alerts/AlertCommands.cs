namespace WarningSystem.Alerts;

/// <summary>The outcome of a lifecycle command: the alert's new status and stream version.</summary>
public sealed record AlertTransition(string AlertId, AlertStatus Status, long Version);

/// <summary>
/// What every lifecycle endpoint does around its decision: load the alert for writing (optimistic concurrency, so
/// two coordinators acting at once cannot both win), refuse with problem details, or append the decided events.
/// </summary>
public static class AlertCommands
{
    public const int MaxText = 2000;

    public static async Task<IResult> Apply(string clinicId, string alertId, IDocumentSession session,
        Func<Alert, LifecycleDecision> decide, CancellationToken token)
    {
        if (Problems.InvalidIdentifier("clinicId", clinicId) is { } badClinic) return badClinic;
        var stream = await session.Events.FetchForWriting<Alert>(alertId, token);
        if (stream.Aggregate is not { } alert)
            return Problems.Status(404, "Alert not found", $"Clinic '{clinicId}' has no alert '{alertId}'.");

        var decision = decide(alert);
        if (decision.RefusedWith is { } status)
            return Problems.Status(status, status == 409 ? "Not allowed in the alert's state" : "Invalid request", decision.Reason!);
        stream.AppendMany(decision.Events);
        return Results.Ok(new AlertTransition(alert.Id, StatusAfter(decision.Events[^1], alert.Status),
            alert.StreamVersion + decision.Events.Count));
    }

    static AlertStatus StatusAfter(object e, AlertStatus before) => e switch
    {
        AlertAcknowledged => AlertStatus.Acknowledged,
        AlertSnoozed => AlertStatus.Snoozed,
        AlertResolved => AlertStatus.Resolved,
        _ => before,
    };

    /// <summary>Required free text: who acted, why. Names each missing or oversized field.</summary>
    public static IEnumerable<(string Field, string Error)> Required(params (string Field, string? Value)[] fields) =>
        fields.Where(f => string.IsNullOrWhiteSpace(f.Value)).Select(f => (f.Field, "is required"));

    public static IEnumerable<(string Field, string Error)> Bounded(params (string Field, string? Value)[] fields) =>
        fields.Where(f => f.Value?.Length > MaxText).Select(f => (f.Field, $"must be at most {MaxText} characters"));
}
