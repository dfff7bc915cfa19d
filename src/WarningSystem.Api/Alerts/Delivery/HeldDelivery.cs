using Wolverine;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// What becomes of a delivery the receiver's open circuit holds back. It was not attempted, so it must not spend one
/// of its retries: when every retry of a delivery fell while the circuit was open (a receiver that hung, then
/// recovered while its circuit stayed open for up to 30 s), the delivery was dead-lettered although the receiver
/// was answering again, and the change never arrived without a replay by hand. A held delivery is sent again as a
/// new message when the circuit next lets one through, with its retries untouched. Bounded: once a delivery has
/// been held, on and off, for longer than the whole retry schedule, holding counts as failing again, so a receiver
/// that never answers still ends in the dead letters.
/// </summary>
public static class HeldDelivery
{
    /// <summary>The same delivery, scheduled for when the circuit opens; null when it has been held long enough.</summary>
    public static object? WaitFor(DeliverWebhook message, DateTimeOffset now, DateTimeOffset retryAt, IReadOnlyList<TimeSpan> retryDelays)
    {
        var heldSince = message.HeldSince ?? now;
        var schedule = retryDelays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);
        if (now - heldSince > schedule) return null;
        // Spread over a second, so the held deliveries do not all arrive at the circuit in the same instant.
        var spread = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000));
        return (message with { HeldSince = heldSince }).ScheduledAt(retryAt + spread);
    }
}
