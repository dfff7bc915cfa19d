using Wolverine;
using WarningSystem.Alerts;
using WarningSystem.Alerts.Delivery;
using WarningSystem.Detection;

namespace WarningSystem.Tests.Alerts.Delivery;

/// <summary>
/// A delivery that the receiver's open circuit holds back was never attempted: it waits for the circuit instead of
/// spending a retry, so a receiver that recovers while its circuit is still open gets every change; but not forever.
/// </summary>
public class holding_deliveries
{
    static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan[] Retries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];
    static readonly DeliverWebhook Delivery = new("whk-1", "key.whk-1",
        new AlertNotice("key.whk-1", "AlertRaised", "alert-1", "north", "p", "withdrawal-signs", Severity.Medium, AlertStatus.Open, "s", Now));

    [Fact]
    public void waits_for_the_circuit_without_spending_a_retry()
    {
        var reopens = Now.AddSeconds(20);

        var later = HeldDelivery.WaitFor(Delivery, Now, reopens, Retries).ShouldBeOfType<ScheduledMessage<DeliverWebhook>>();

        later.Message.ShouldBe(Delivery with { HeldSince = Now });
        later.Options.ScheduledTime!.Value.ShouldBeGreaterThanOrEqualTo(reopens);
        later.Options.ScheduledTime!.Value.ShouldBeLessThan(reopens.AddSeconds(1));
    }

    [Fact]
    public void keeps_when_it_was_first_held()
    {
        var held = Delivery with { HeldSince = Now };

        var later = HeldDelivery.WaitFor(held, Now.AddSeconds(30), Now.AddSeconds(40), Retries).ShouldBeOfType<ScheduledMessage<DeliverWebhook>>();

        later.Message.HeldSince.ShouldBe(Now);
    }

    [Fact]
    public void fails_as_before_once_held_longer_than_the_whole_retry_schedule()
    {
        var held = Delivery with { HeldSince = Now };

        HeldDelivery.WaitFor(held, Now.AddSeconds(36.5), Now.AddSeconds(50), Retries).ShouldBeNull();
    }

    [Fact]
    public void the_circuit_says_when_it_lets_a_delivery_through_again()
    {
        var clock = new Clock { Now = Now };
        var circuit = new WebhookCircuit(new WebhookSettings(Retries, TimeSpan.FromSeconds(5)), clock);
        circuit.TimedOut("whk-1");

        circuit.TryPass("whk-1", out var retryAt).ShouldBeFalse();
        retryAt.ShouldBe(Now + WebhookCircuit.CoolDown);

        clock.Now += WebhookCircuit.CoolDown;
        circuit.TryPass("whk-1", out _).ShouldBeTrue("the probe");
        circuit.TryPass("whk-1", out retryAt).ShouldBeFalse("while the probe is out");
        retryAt.ShouldBe(Now + WebhookCircuit.CoolDown + TimeSpan.FromSeconds(6));
    }

    sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
