using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// A failed delivery is retried on a growing schedule, then moved to the dead letter queue for a person to replay.
/// Scheduled retries (not in-process cooldowns) free the queue for other receivers while one is down.
/// </summary>
public sealed class WebhookRetryPolicy(IReadOnlyList<TimeSpan> delays) : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType == typeof(DeliverWebhook)))
        {
            var onFailure = chain.OnException<WebhookDeliveryFailed>();
            if (delays.Count == 0) onFailure.MoveToErrorQueue();
            else onFailure.ScheduleRetry([.. delays]).Then.MoveToErrorQueue();
        }
    }
}
