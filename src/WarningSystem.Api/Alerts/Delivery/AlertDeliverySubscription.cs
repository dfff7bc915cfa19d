using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// Turns each alert event into one <see cref="DeliverWebhook"/> per webhook of the clinic whose severities match the
/// alert as of that event. Messages go through Wolverine's outbox in the same transaction as the subscription's
/// progress: a crash neither loses a delivery nor queues it twice, and a replay re-sends the same idempotency keys.
/// </summary>
public sealed class AlertDeliverySubscription : BatchSubscription
{
    public const string Name = "AlertDelivery";

    public AlertDeliverySubscription() : base(Name)
    {
        foreach (var type in AlertsSetup.EventTypes) IncludeType(type);
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken token)
    {
        foreach (var clinic in page.Events.GroupBy(e => e.TenantId))
        {
            await using var session = operations.DocumentStore.QuerySession(clinic.Key);
            var webhooks = await session.Query<Webhook>().ToListAsync(token);
            if (webhooks.Count == 0) continue;

            foreach (var (e, alert) in await AlertHistory.AsOfAsync(session, clinic, token))
            foreach (var webhook in webhooks.Where(w => w.Accepts(alert.Severity)))
            {
                // Continues the trace of whatever changed the alert; Wolverine carries it on to the delivery.
                using var activity = EventTrace.StartFrom(e, "delivery.route");
                activity?.SetTag("warningsystem.webhook.id", webhook.Id);
                var key = DeliverWebhook.IdempotencyKeyFor(e.Id, webhook.Id);
                await bus.PublishAsync(new DeliverWebhook(webhook.Id, key, AlertNotice.For(e, alert, key)),
                    new DeliveryOptions { TenantId = clinic.Key });
            }
        }
    }
}
