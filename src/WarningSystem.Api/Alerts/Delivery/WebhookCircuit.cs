using System.Collections.Concurrent;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// Keeps a receiver that stops answering from holding up everyone else's deliveries. Deliveries share a few
/// parallel slots; one that waits out the time-out holds a slot all that time, so a hanging receiver with many
/// changes queued filled every slot and delayed every other receiver. After a time-out, a receiver gets no new
/// attempt for <see cref="CoolDown"/>: its deliveries fail at once, as when it is unreachable, and follow the usual
/// retry schedule. Then one delivery probes it; success closes the circuit, another time-out opens it again.
/// Per node, in memory: a restart simply tries again.
/// </summary>
public sealed class WebhookCircuit(WebhookSettings settings, TimeProvider clock)
{
    public static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(30);
    readonly ConcurrentDictionary<string, DateTimeOffset> closedUntil = new();

    /// <summary>Whether a delivery to this webhook may be attempted now; in the half-open state only one may.</summary>
    public bool TryPass(string webhookId) => TryPass(webhookId, out _);

    /// <summary>As <see cref="TryPass(string)"/>; when not, <paramref name="retryAt"/> is when the circuit lets one through again.</summary>
    public bool TryPass(string webhookId, out DateTimeOffset retryAt)
    {
        var now = clock.GetUtcNow();
        retryAt = now;
        if (!closedUntil.TryGetValue(webhookId, out var until)) return true;
        // Half open: the first delivery after the cool-down probes; the others wait out the probe's time-out.
        var probeEnds = now + settings.Timeout + TimeSpan.FromSeconds(1);
        if (now >= until && closedUntil.TryUpdate(webhookId, probeEnds, until)) return true;
        retryAt = now >= until ? probeEnds : until;
        return false;
    }

    public void Answered(string webhookId) => closedUntil.TryRemove(webhookId, out _);

    public void TimedOut(string webhookId) => closedUntil[webhookId] = clock.GetUtcNow() + CoolDown;
}
