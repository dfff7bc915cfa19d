using System.Text;
using WarningSystem.Alerts;
using WarningSystem.Alerts.Delivery;

namespace WarningSystem.Fhir;

/// <summary>
/// Webhooks registered with <c>format: "fhir"</c> receive the alert as a DetectedIssue, with the status and severity
/// it had right after the change (as the JSON notice says); signing and idempotency are the same as for JSON.
/// </summary>
public sealed class FhirWebhookFormat : IWebhookBodyFormat
{
    public string Name => "fhir";
    public string ContentType => FhirJson.MediaType;

    public async Task<byte[]?> RenderAsync(AlertNotice notice, IQuerySession session, CancellationToken token) =>
        await session.LoadAsync<Alert>(notice.AlertId, token) is { } alert
            ? Encoding.UTF8.GetBytes(FhirJson.Text(AlertResources.DetectedIssue(alert with { Status = notice.Status, Severity = notice.Severity })))
            : null;
}
