using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Util;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// A clinic's failed deliveries, read from Wolverine's own dead letter storage. The store keeps every tenant's
/// dead letters in one table, so they are told apart by the tenant id on each envelope.
/// </summary>
public static class WebhookDeadLetters
{
    const int PageSize = 500;
    static readonly string MessageType = WolverineMessageNaming.ToMessageTypeName(typeof(DeliverWebhook));

    public static async Task<IReadOnlyList<DeadLetterEnvelope>> ForClinicAsync(IDeadLetters deadLetters, string clinicId, CancellationToken token)
    {
        var found = new List<DeadLetterEnvelope>();
        for (var page = 1; ; page++)
        {
            var results = await deadLetters.QueryAsync(
                new DeadLetterEnvelopeQuery { MessageType = MessageType, PageNumber = page, PageSize = PageSize }, token);
            found.AddRange(results.Envelopes.Where(d => BelongsTo(d, clinicId)));
            if (results.Envelopes.Count < PageSize) return found;
        }
    }

    public static async Task<DeadLetterEnvelope?> FindAsync(IDeadLetters deadLetters, string clinicId, Guid id) =>
        await deadLetters.DeadLetterEnvelopeByIdAsync(id, clinicId) is { } found && BelongsTo(found, clinicId) ? found : null;

    static bool BelongsTo(DeadLetterEnvelope deadLetter, string clinicId) =>
        deadLetter.MessageType == MessageType && deadLetter.Envelope?.TenantId == clinicId;
}

/// <summary>A failed delivery as the API shows it: ids and the failure, never the notice or the webhook's address.</summary>
public sealed record WebhookDeadLetter(
    Guid Id, string? WebhookId, string? AlertId, string? IdempotencyKey, string? EventType,
    string ExceptionType, string ExceptionMessage, DateTimeOffset FailedAt, int ReplayCount)
{
    public static WebhookDeadLetter From(DeadLetterEnvelope d, WolverineOptions options)
    {
        var message = (d.Message ?? d.Envelope?.Message ?? Deserialize(d.Envelope, options)) as DeliverWebhook;
        return new(d.Id, message?.WebhookId, message?.Notice.AlertId, message?.IdempotencyKey, message?.Notice.EventType,
            d.ExceptionType, d.ExceptionMessage, d.FailedAt ?? d.SentAt, d.ReplayCount);
    }

    // Listing reads envelopes without their messages; the body is read with the serializer that wrote it.
    static object? Deserialize(Envelope? envelope, WolverineOptions options) =>
        envelope is { Data.Length: > 0 } ? options.DetermineSerializer(envelope).ReadFromData(typeof(DeliverWebhook), envelope) : null;
}
