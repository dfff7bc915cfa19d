using Wolverine;
using Wolverine.Persistence.Durability;

namespace WarningSystem.Alerts.Delivery;

/// <summary>A failed delivery as the API shows it: ids and the failure, never the notice or the webhook's address.</summary>
public sealed record WebhookDeadLetter(
    Guid Id, string? WebhookId, string? AlertId, string? IdempotencyKey, string? EventType,
    string ExceptionType, string ExceptionMessage, DateTimeOffset FailedAt, int ReplayCount)
{
    public static WebhookDeadLetter From(DeadLetterEnvelope d, WolverineOptions options)
    {
        var message = ClinicDeadLetters<DeliverWebhook>.MessageOf(d, options);
        return new(d.Id, message?.WebhookId, message?.Notice.AlertId, message?.IdempotencyKey, message?.Notice.EventType,
            d.ExceptionType, d.ExceptionMessage, d.FailedAt ?? d.SentAt, d.ReplayCount);
    }
}
