using System.Diagnostics;
using Npgsql;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 4: two service nodes on one database share the work (Wolverine assigns the subscriptions and agents to
/// nodes); one is killed with SIGKILL during ingest and never comes back. Its subscriptions, timers and deliveries
/// must move to the survivor, and nothing may run twice: the ledger must balance with exactly one alert per pattern,
/// exactly two escalations per alert and one delivery per change.
/// </summary>
[Collection(FaultSuite.Name)]
public class losing_one_of_two_nodes
{
    [Fact]
    public async Task moves_the_work_to_the_survivor_and_does_nothing_twice()
    {
        await using var scenario = await FaultScenario.StartAsync("two-nodes");
        await using var survivor = await ServiceProcess.StartAsync(scenario.Database.ConnectionString);
        using var client = survivor.Client();
        // Both nodes hold some of the agents before the kill, so the kill takes work away from a live system.
        await Waiting.Until(async () => await NodesHoldingAgents(scenario.Database.Unpooled) == 2,
            "both nodes holding agents", TimeSpan.FromSeconds(90));

        var ledger = new Ledger(client, scenario.ClinicId);
        var histories = Histories.Mixed(perTemplate: 5, fillers: 60, DateTimeOffset.UtcNow);
        var total = histories.Sum(h => h.Events.Count);
        var ingest = ledger.PostAllAsync(histories, parallel: 16, patience: TimeSpan.FromSeconds(90));
        await Waiting.Until(() => ledger.AcknowledgedCount >= total / 3, "a third of the events acknowledged");
        await scenario.Service.KillAsync();
        var ackedAtKill = ledger.AcknowledgedCount;
        var killed = Stopwatch.StartNew();
        await ingest;

        var reckoning = await Reconciliation.SettleAndCountAsync(client, ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(150), p => FaultScenario.Report("two nodes progress", p));
        var settled = killed.Elapsed;
        var holding = await NodesHoldingAgents(scenario.Database.Unpooled);
        FaultScenario.Report("two nodes, one killed",
            $"{total} events, {ackedAtKill} acknowledged at the kill; kill to everything settled {settled.TotalSeconds:F1} s; " +
            $"nodes holding agents afterwards {holding}; answers {ledger.Summary()}; {reckoning}");

        ledger.Refusals.ShouldBeEmpty();
        reckoning.ShouldBeWhole(total);
        holding.ShouldBe(1, "every agent runs on the survivor");
    }

    /// <summary>How many live nodes Wolverine has assigned agents (subscriptions, durability) to.</summary>
    static async Task<long> NodesHoldingAgents(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(distinct node_id) from warnings.wolverine_node_assignments", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
