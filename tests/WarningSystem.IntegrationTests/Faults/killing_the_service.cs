using System.Diagnostics;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 1: the service is killed with SIGKILL in the middle of sustained ingest, while webhook deliveries,
/// follow-up checks and escalation timers are pending, and started again. The ledger must balance.
/// </summary>
[Collection(FaultSuite.Name)]
public class killing_the_service
{
    [Fact]
    public async Task during_ingest_loses_and_doubles_nothing()
    {
        await using var scenario = await FaultScenario.StartAsync("kill");
        var histories = Histories.Mixed(perTemplate: 5, fillers: 60, DateTimeOffset.UtcNow);
        var total = histories.Sum(h => h.Events.Count);

        var ingest = scenario.Ledger.PostAllAsync(histories, parallel: 16, patience: TimeSpan.FromSeconds(90));
        // Strike when about a third is acknowledged: alerts exist, their escalations and deliveries are pending.
        await Waiting.Until(() => scenario.Ledger.AcknowledgedCount >= total / 3, "a third of the events acknowledged");
        await scenario.Service.KillAsync();
        var ackedAtKill = scenario.Ledger.AcknowledgedCount;
        var down = Stopwatch.StartNew();
        await Task.Delay(500);
        var startup = await scenario.Service.StartAgainAsync();
        var restartedAt = down.Elapsed;
        await Waiting.Until(() => scenario.Ledger.AcknowledgedCount > ackedAtKill, "an event acknowledged after the restart");
        var firstAckAfterRestart = down.Elapsed - restartedAt;
        await ingest;

        var reckoning = await Reconciliation.SettleAndCountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(120), p => FaultScenario.Report("SIGKILL progress", p));
        var recovered = down.Elapsed;
        FaultScenario.Report("SIGKILL during ingest",
            $"{total} events, {ackedAtKill} acknowledged at the kill; restart to live {startup.TotalSeconds:F1} s, to first ack after restart " +
            $"{firstAckAfterRestart.TotalSeconds:F1} s; kill to everything settled {recovered.TotalSeconds:F1} s; attempts {scenario.Ledger.Attempts}, " +
            $"retried {scenario.Ledger.Retried}, answers {scenario.Ledger.Summary()}; {reckoning}");

        scenario.Ledger.Refusals.ShouldBeEmpty();
        reckoning.ShouldBeWhole(total);
    }
}
