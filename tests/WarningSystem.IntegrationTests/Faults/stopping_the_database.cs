using System.Diagnostics;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 2: PostgreSQL crashes (<c>pg_ctl stop -m immediate</c>) during ingest and comes back a few seconds later.
/// While it is down the service answers 503 with Retry-After, never a 500 and never a hang past the client's
/// time-out; afterwards it carries on by itself and the ledger balances.
/// </summary>
[Collection(FaultSuite.Name)]
public class stopping_the_database
{
    [Fact]
    public async Task during_ingest_answers_503_and_recovers_on_its_own()
    {
        await using var scenario = await FaultScenario.StartAsync("pgstop");
        var histories = Histories.Mixed(perTemplate: 5, fillers: 60, DateTimeOffset.UtcNow);
        var total = histories.Sum(h => h.Events.Count);

        var ingest = scenario.Ledger.PostAllAsync(histories, parallel: 16, patience: TimeSpan.FromSeconds(90));
        await Waiting.Until(() => scenario.Ledger.AcknowledgedCount >= total / 3, "a third of the events acknowledged");
        await scenario.Database.StopImmediateAsync();
        var down = Stopwatch.StartNew();
        var ackedAtStop = scenario.Ledger.AcknowledgedCount;
        // Down for a few seconds, long enough for every in-flight and new request to meet the outage.
        await Waiting.Until(() => scenario.Ledger.Answers.GetValueOrDefault("503") >= 20, "503 answers while the database is down");
        await Waiting.Until(() => down.Elapsed > TimeSpan.FromSeconds(4), "four seconds of outage");
        var ackedWhileDown = scenario.Ledger.AcknowledgedCount - ackedAtStop;
        await scenario.Database.StartAgainAsync();
        var downFor = down.Elapsed;
        var ackedAtRestart = scenario.Ledger.AcknowledgedCount;
        var firstAck = await Waiting.Until(() => scenario.Ledger.AcknowledgedCount > ackedAtRestart, "an event acknowledged after the database is back");
        await ingest;

        var reckoning = await Reconciliation.SettleAndCountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(120), p => FaultScenario.Report("pg_ctl stop progress", p));
        var settled = down.Elapsed - downFor;
        FaultScenario.Report("pg_ctl stop -m immediate during ingest",
            $"{total} events, {ackedAtStop} acknowledged at the stop, {ackedWhileDown} while down; database down {downFor.TotalSeconds:F1} s; " +
            $"first ack {firstAck.TotalSeconds:F1} s after it was back, everything settled {settled.TotalSeconds:F1} s after; longest answer " +
            $"{scenario.Ledger.LongestAnswer.TotalSeconds:F1} s; attempts {scenario.Ledger.Attempts}, answers {scenario.Ledger.Summary()}; {reckoning}");

        scenario.Ledger.Refusals.ShouldBeEmpty();
        scenario.Ledger.UnavailableWithoutRetryAfter.ShouldBe(0);
        scenario.Ledger.Answers.ShouldNotContainKey("client time-out");
        scenario.Ledger.LongestAnswer.ShouldBeLessThan(TimeSpan.FromSeconds(5), "an outage is answered at once, not after a wait");
        ackedWhileDown.ShouldBeLessThanOrEqualTo(16, "only requests committed just before the stop may be answered after it");
        reckoning.ShouldBeWhole(total);
    }
}
