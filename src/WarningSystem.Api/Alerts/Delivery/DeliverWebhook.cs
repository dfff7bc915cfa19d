using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text.Json;
using Wolverine;
using Wolverine.Attributes;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// One alert event for one webhook. Carries the webhook id, not its URL or secret: those are read at delivery
/// time, so the message store never holds a secret and a changed or removed webhook takes effect at once.
/// </summary>
/// <c>HeldSince</c> is when the delivery was first held back by the receiver's open circuit (see <see cref="HeldDelivery"/>).
[MessageIdentity("deliver-webhook")] // a stable name in the inbox and dead letters, whatever the class is called
public sealed record DeliverWebhook(string WebhookId, string IdempotencyKey, AlertNotice Notice, DateTimeOffset? HeldSince = null)
{
    /// <summary>Deterministic: the same alert event to the same webhook always has the same key.</summary>
    public static string IdempotencyKeyFor(Guid eventId, string webhookId) => $"{eventId:N}.{webhookId}";
}

/// <summary>The receiver was unreachable, too slow, or did not answer 2xx. Retried, then dead-lettered.</summary>
public sealed class WebhookDeliveryFailed(string message) : Exception(message);

/// <summary>POSTs the notice, signed. Anything but a 2xx answer in time throws, and the retry policy takes over.</summary>
public static class DeliverWebhookHandler
{
    public const string HttpClientName = "webhooks";

    static readonly Counter<long> Attempts = TelemetrySetup.Meter.CreateCounter<long>("warningsystem.webhooks.deliveries", "{attempt}",
        "Webhook delivery attempts by outcome: delivered, rejected (not 2xx), unreachable, timeout, held (timed out recently), dropped (webhook removed)");

    static void Count(string outcome) => Attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static async Task<OutgoingMessages> Handle(DeliverWebhook message, IQuerySession session, IHttpClientFactory clients,
        WebhookFormats formats, TimeProvider clock, WebhookCircuit circuit, WebhookSettings settings, ILogger<DeliverWebhook> logger,
        CancellationToken token)
    {
        if (await session.LoadAsync<Webhook>(message.WebhookId, token) is not { } webhook)
        {
            logger.LogInformation("Webhook {WebhookId} no longer exists; delivery {IdempotencyKey} dropped",
                message.WebhookId, message.IdempotencyKey);
            Count("dropped");
            return [];
        }

        if (!circuit.TryPass(webhook.Id, out var retryAt))
        {
            Count("held");
            if (HeldDelivery.WaitFor(message, clock.GetUtcNow(), retryAt, settings.RetryDelays) is { } later) return [later];
            throw new WebhookDeliveryFailed($"Webhook {webhook.Id} did not answer in time recently; not tried");
        }

        // The same signing and idempotency key whatever the format.
        var format = formats.Find(webhook.Format);
        var rendered = format is null ? null : await format.RenderAsync(message.Notice, session, token);
        var body = rendered ?? JsonSerializer.SerializeToUtf8Bytes(message.Notice, JsonSetup.Options);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(rendered is null ? "application/json" : format!.ContentType) { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, body));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.IdempotencyKeyHeader, message.IdempotencyKey);

        int status;
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            status = (int)response.StatusCode;
        }
        // The exception's own message can name the receiver's address; the dead letter keeps only ids and the kind.
        catch (HttpRequestException e)
        {
            circuit.Answered(webhook.Id);
            Count("unreachable");
            throw new WebhookDeliveryFailed($"Webhook {webhook.Id} unreachable ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!token.IsCancellationRequested)
        {
            circuit.TimedOut(webhook.Id);
            Count("timeout");
            throw new WebhookDeliveryFailed($"Webhook {webhook.Id} did not answer in time");
        }

        circuit.Answered(webhook.Id);
        Count(status is < 200 or > 299 ? "rejected" : "delivered");
        if (status is < 200 or > 299) throw new WebhookDeliveryFailed($"Webhook {webhook.Id} answered {status}");
        logger.LogInformation("Webhook {WebhookId} accepted delivery {IdempotencyKey} with {Status}",
            webhook.Id, message.IdempotencyKey, status);
        return [];
    }
}
