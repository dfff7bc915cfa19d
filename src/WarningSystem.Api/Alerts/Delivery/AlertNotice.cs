using JasperFx.Events;
using WarningSystem.Detection;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// What webhooks and the live feed say about one alert event: identifiers and the one-line summary, never the
/// explanation, the evidence or any patient event data, so a misdirected message leaks little. The alert is as it
/// was right after that event, so a replay says the same thing again.
/// </summary>
public sealed record AlertNotice(
    string IdempotencyKey, string EventType, string AlertId, string ClinicId, string PatientId, string RuleId,
    Severity Severity, AlertStatus Status, string Summary, DateTimeOffset OccurredAt)
{
    /// <param name="e">The alert event; its record time is when the change happened.</param>
    public static AlertNotice For(IEvent e, Alert alert, string idempotencyKey) => new(
        idempotencyKey, e.EventType.Name, alert.Id, e.TenantId, alert.PatientId, alert.RuleId, alert.Severity, alert.Status,
        alert.Summary, e.Timestamp);
}
