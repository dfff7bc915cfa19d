using System.Diagnostics;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 7: beside a healthy receiver, one hangs then recovers, one resets every connection then recovers, one
/// answers 500 then recovers, one goes through all of it (500, then resets, then hangs, then recovers), and one answers
/// slowly. Deliveries to the healthy receiver are not held up meanwhile, and every receiver gets every change once
/// per idempotency key, with nothing dead-lettered.
/// </summary>
[Collection(FaultSuite.Name)]
public class troubled_webhook_receivers
{
    // The hang outlasts one time-out (5 s), so the receiver recovers while its circuit is open.
    static readonly TimeSpan FailingFor = TimeSpan.FromSeconds(4), ResettingFor = TimeSpan.FromSeconds(4), HangingAtLeast = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task do_not_hold_up_the_others_and_every_change_arrives()
    {
        // Retries that outlast the troubled receivers' outage, so nothing has to be replayed by hand.
        await using var scenario = await FaultScenario.StartAsync("hooks", settings: [("Webhooks:RetryDelaysSeconds", "1,2,4,8,15,30,30,30")]);
        await using var healthy = await TroubledReceiver.StartAsync(Trouble.Healthy);
        await using var hanging = await TroubledReceiver.StartAsync(Trouble.Hang);
        await using var resetting = await TroubledReceiver.StartAsync(Trouble.Reset);
        await using var failing = await TroubledReceiver.StartAsync(Trouble.Fail);
        await using var everything = await TroubledReceiver.StartAsync(Trouble.Fail);
        await using var slow = await TroubledReceiver.StartAsync(Trouble.Slow);
        TroubledReceiver[] all = [healthy, hanging, resetting, failing, everything, slow];
        var names = new Dictionary<TroubledReceiver, string>
        {
            [healthy] = "healthy", [hanging] = "hanging", [resetting] = "resetting", [failing] = "failing", [everything] = "500-reset-hang", [slow] = "slow",
        };
        var webhookIds = new Dictionary<string, TroubledReceiver>();
        foreach (var receiver in all) webhookIds[await scenario.Client.Register(scenario.ClinicId, receiver.Url, receiver.Secret)] = receiver;
        var histories = Histories.Mixed(perTemplate: 3, fillers: 10, DateTimeOffset.UtcNow);
        var total = histories.Sum(h => h.Events.Count);

        // The troubled receivers stay troubled until the healthy receiver has every change raised so far, and the one
        // that goes through everything has answered 500, then reset connections, then hung for a while; then all recover.
        var clock = Stopwatch.StartNew();
        var sequence = Task.Run(async () =>
        {
            // From the first delivery on, so that each kind of trouble meets deliveries.
            await Waiting.Until(() => !healthy.Accepted.IsEmpty, "the first delivery", TimeSpan.FromSeconds(90));
            clock.Restart();
            await Task.Delay(FailingFor);
            everything.Mode = Trouble.Reset;
            await Task.Delay(ResettingFor);
            everything.Mode = Trouble.Hang;
        });
        await scenario.Ledger.PostAllAsync(histories, parallel: 16, patience: TimeSpan.FromSeconds(90));
        await Webhooks.Until(async () => (await Reconciliation.CountAsync(scenario.Client, scenario.Ledger, histories, null, 0)).AlertChanges,
            n => n > 0 && healthy.Accepted.Count >= n, "the healthy receiver to get the changes so far", TimeSpan.FromSeconds(90));
        await sequence;
        await Waiting.Until(() => clock.Elapsed >= FailingFor + ResettingFor + HangingAtLeast, "the hang to last", TimeSpan.FromSeconds(60));
        var attemptsWhileTroubled = all.ToDictionary(r => r, r => r.Attempts.ToDictionary(a => a.Key, a => a.Value));
        foreach (var receiver in all) receiver.Mode = receiver == slow ? Trouble.Slow : Trouble.Healthy;
        var recoveredAt = clock.Elapsed;

        var reckoning = await Reconciliation.SettleAndCountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(120));
        var caughtUp = await Waiting.Until(() => all.All(r => r.Accepted.Count >= reckoning.AlertChanges),
            "every receiver to get every change", TimeSpan.FromSeconds(120)).ContinueWith(t => t.IsCompletedSuccessfully ? clock.Elapsed - recoveredAt : (TimeSpan?)null);
        var delays = healthy.Accepted.Values.Select(q => q.First()).Select(d => (d.At - d.Body.GetProperty("occurredAt").GetDateTimeOffset()).TotalSeconds)
            .Order().ToList();
        var deadLetters = await scenario.Client.DeadLetters(scenario.ClinicId);
        var deadByReceiver = deadLetters.GroupBy(d => names[webhookIds[d.GetProperty("webhookId").GetString()!]]).ToDictionary(g => g.Key, g => g.Count());
        FaultScenario.Report("troubled webhook receivers",
            $"{total} events, {reckoning.AlertChanges} alert changes per webhook; healthy receiver delay p50 {delays[delays.Count / 2]:F1} s, " +
            $"max {delays[^1]:F1} s; recovered {recoveredAt.TotalSeconds:F1} s after the start; all changes at every receiver " +
            $"{(caughtUp is { } c ? $"{c.TotalSeconds:F1} s after it" : "NOT within 120 s")}; per receiver (attempts while troubled; keys; duplicates): " +
            string.Join("; ", all.Select(r => $"{names[r]} ({string.Join(" ", attemptsWhileTroubled[r].Select(a => $"{a.Key}: {a.Value}"))}; " +
                $"{r.Accepted.Count}; {r.Accepted.Values.Sum(q => q.Count - 1)})")) +
            $"; dead letters {deadLetters.Length} ({string.Join(", ", deadByReceiver.Select(d => $"{d.Key}: {d.Value}"))}); {reckoning}");

        reckoning.ShouldBeWhole(total);
        deadLetters.ShouldBeEmpty();
        foreach (var receiver in all) receiver.Accepted.Count.ShouldBe(reckoning.AlertChanges, names[receiver]);
        foreach (var receiver in all) receiver.Accepted.Values.ShouldAllBe(q => q.Count >= 1, names[receiver]);
        hanging.Attempts.GetValueOrDefault(Trouble.Hang).ShouldBeGreaterThan(0, "the hang was met");
        resetting.Attempts.GetValueOrDefault(Trouble.Reset).ShouldBeGreaterThan(0, "the resets were met");
        failing.Attempts.GetValueOrDefault(Trouble.Fail).ShouldBeGreaterThan(0, "the 500s were met");
        foreach (var trouble in new[] { Trouble.Fail, Trouble.Reset, Trouble.Hang })
            everything.Attempts.GetValueOrDefault(trouble).ShouldBeGreaterThan(0, $"{trouble} was met by the receiver that goes through everything");
        // About one time-out (5 s here) of waiting at most, plus the ordinary delivery latency and the slots the slow
        // receiver and the failing ones take: the first deliveries to the hanging receivers hold their slots until it;
        // then their circuits are open and they no longer take slots. Without the circuit it was more than 90 s.
        delays[^1].ShouldBeLessThan(20, "a healthy receiver does not wait behind a hanging one's time-outs");
    }
}
