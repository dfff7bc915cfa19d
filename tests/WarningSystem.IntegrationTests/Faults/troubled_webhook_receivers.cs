using System.Diagnostics;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 7 (in part): one receiver hangs, then recovers; another answers slowly. Deliveries to a healthy receiver
/// are not held up meanwhile, and every receiver gets every change once per idempotency key. (A receiver that fails
/// with 500s and recovers is Delivery/retrying_webhooks.)
/// </summary>
[Collection(FaultSuite.Name)]
public class troubled_webhook_receivers
{
    [Fact]
    public async Task do_not_hold_up_the_others_and_every_change_arrives()
    {
        // Retries that outlast the troubled receiver's outage, so nothing has to be replayed by hand.
        await using var scenario = await FaultScenario.StartAsync("hooks", settings: [("Webhooks:RetryDelaysSeconds", "1,2,4,8,15,30,30,30")]);
        await using var healthy = await TroubledReceiver.StartAsync(Trouble.Healthy);
        await using var troubled = await TroubledReceiver.StartAsync(Trouble.Hang);
        await using var slow = await TroubledReceiver.StartAsync(Trouble.Slow);
        foreach (var receiver in new[] { healthy, troubled, slow }) await scenario.Client.Register(scenario.ClinicId, receiver.Url, receiver.Secret);
        var histories = Histories.Mixed(perTemplate: 3, fillers: 10, DateTimeOffset.UtcNow);
        var total = histories.Sum(h => h.Events.Count);

        // The troubled receiver hangs (never answers) until the healthy receiver has every change raised so far, then recovers.
        var clock = Stopwatch.StartNew();
        await scenario.Ledger.PostAllAsync(histories, parallel: 16, patience: TimeSpan.FromSeconds(90));
        await Webhooks.Until(async () => (await Reconciliation.CountAsync(scenario.Client, scenario.Ledger, histories, null, 0)).AlertChanges,
            n => n > 0 && healthy.Accepted.Count >= n, "the healthy receiver to get the changes so far", TimeSpan.FromSeconds(90));
        troubled.Mode = Trouble.Healthy;
        var recoveredAt = clock.Elapsed;

        var reckoning = await Reconciliation.SettleAndCountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(120));
        await Webhooks.Until(() => (troubled.Accepted.Count, slow.Accepted.Count, healthy.Accepted.Count),
            n => n.Item1 >= reckoning.AlertChanges && n.Item2 >= reckoning.AlertChanges && n.Item3 >= reckoning.AlertChanges,
            "every receiver to get every change", TimeSpan.FromSeconds(120));
        var caughtUp = clock.Elapsed - recoveredAt;
        var delays = healthy.Accepted.Values.Select(q => q.First()).Select(d => (d.At - d.Body.GetProperty("occurredAt").GetDateTimeOffset()).TotalSeconds)
            .Order().ToList();
        var deadLetters = await scenario.Client.DeadLetters(scenario.ClinicId);
        FaultScenario.Report("troubled webhook receivers",
            $"{total} events, {reckoning.AlertChanges} alert changes per webhook; healthy receiver delay p50 {delays[delays.Count / 2]:F1} s, " +
            $"max {delays[^1]:F1} s; troubled attempts {string.Join(", ", troubled.Attempts.Select(a => $"{a.Key}: {a.Value}"))}; all changes at the " +
            $"troubled receiver {caughtUp.TotalSeconds:F1} s after it recovered; keys healthy/troubled/slow {healthy.Accepted.Count}/" +
            $"{troubled.Accepted.Count}/{slow.Accepted.Count}, duplicates {new[] { healthy, troubled, slow }.Sum(r => r.Accepted.Values.Sum(q => q.Count - 1))}; " +
            $"dead letters {deadLetters.Length}; {reckoning}");

        reckoning.ShouldBeWhole(total);
        foreach (var receiver in new[] { healthy, troubled, slow }) receiver.Accepted.Count.ShouldBe(reckoning.AlertChanges);
        deadLetters.ShouldBeEmpty();
        troubled.Attempts.GetValueOrDefault(Trouble.Hang).ShouldBeGreaterThan(0, "the hang was met");
        // About one time-out (5 s here) of waiting at most, plus the ordinary delivery latency: the first deliveries to
        // the hanging receiver hold their slots until it; then its circuit is open and they no longer take slots for long.
        // Without the circuit the healthy receiver did not get its changes within 90 s.
        delays[^1].ShouldBeLessThan(15, "a healthy receiver does not wait behind a hanging one's time-outs");
    }
}
