using System.Text;
using WarningSystem.Alerts.Delivery;

namespace WarningSystem.Tests.Alerts.Delivery;

public class signing_webhooks
{
    [Fact]
    public void the_signature_is_hmac_sha256_over_the_timestamp_a_dot_and_the_body()
    {
        // Expected value computed independently: python3 hmac.new(secret, b"1700000000." + body, sha256).hexdigest()
        WebhookSignature.Sign("whsec-test-0123456789", 1700000000, Encoding.UTF8.GetBytes("""{"alertId":"a-1"}"""))
            .ShouldBe("sha256=d2c19c7258dac6ec04c513055f7ab9ed9ec99ddabcdb8bf9b741a9452f05df67");
    }

    [Fact]
    public void another_timestamp_or_secret_gives_another_signature()
    {
        var body = Encoding.UTF8.GetBytes("""{"alertId":"a-1"}""");
        var signature = WebhookSignature.Sign("whsec-test-0123456789", 1700000000, body);

        WebhookSignature.Sign("whsec-test-0123456789", 1700000001, body).ShouldNotBe(signature);
        WebhookSignature.Sign("whsec-test-0123456780", 1700000000, body).ShouldNotBe(signature);
    }

    [Fact]
    public void the_idempotency_key_depends_only_on_the_event_and_the_webhook()
    {
        var eventId = Guid.NewGuid();
        DeliverWebhook.IdempotencyKeyFor(eventId, "whk-1").ShouldBe(DeliverWebhook.IdempotencyKeyFor(eventId, "whk-1"));
        DeliverWebhook.IdempotencyKeyFor(eventId, "whk-2").ShouldNotBe(DeliverWebhook.IdempotencyKeyFor(eventId, "whk-1"));
        DeliverWebhook.IdempotencyKeyFor(Guid.NewGuid(), "whk-1").ShouldNotBe(DeliverWebhook.IdempotencyKeyFor(eventId, "whk-1"));
    }
}
