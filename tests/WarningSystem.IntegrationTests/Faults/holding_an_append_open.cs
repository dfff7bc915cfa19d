using System.Diagnostics;
using System.Net;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 3: an appending transaction held open longer than the async daemon's stale-sequence threshold (Marten's
/// default, 3 s) while the service appends other events past it, then committed; then the same ending in a rollback
/// (the EHR posts the events again, as it would on an unacknowledged post). No event is skipped by detection,
/// follow-ups or delivery: the late event's alert, its service-recorded misses and every delivery are there once.
/// </summary>
[Collection(FaultSuite.Name)]
public class holding_an_append_open
{
    // Twice Marten's default stale-sequence threshold (3 s).
    static readonly TimeSpan Held = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task skips_no_event_whether_it_commits_late_or_rolls_back()
    {
        await using var scenario = await FaultScenario.StartAsync("slow");
        var histories = Histories.Mixed(perTemplate: 2, fillers: 10, DateTimeOffset.UtcNow);
        // Committed late: two follow-ups whose misses the service records (follow-ups) and whose alert it raises (detection).
        var late = histories.First(h => h.ExpectedRules.Contains("missed-follow-ups"));
        // Rolled back, then posted again: a craving that raises an alert on its own.
        var rolledBack = histories.First(h => h.ExpectedRules.SetEquals(["craving-outside-session"]));
        var others = histories.Where(h => h != late && h != rolledBack).ToList();
        var total = histories.Sum(h => h.Events.Count);

        var lateCommit = await HoldWhileOthersAppend(scenario, late, others.Where((_, i) => i % 2 == 0).ToList(), commit: true);
        foreach (var e in late.Events) scenario.Ledger.Acknowledged.TryAdd(e["eventId"]!.GetValue<string>(), "accepted");
        var rollback = await HoldWhileOthersAppend(scenario, rolledBack, others.Where((_, i) => i % 2 == 1).ToList(), commit: false);
        await scenario.Ledger.PostAllAsync([rolledBack], parallel: 1, patience: TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        var reckoning = await Reconciliation.SettleAndCountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(90));
        FaultScenario.Report("slow appending transaction",
            $"{total} events; committed late: {lateCommit}; rolled back: {rollback}; after both, everything settled in " +
            $"{clock.Elapsed.TotalSeconds:F1} s; answers {scenario.Ledger.Summary()}; {reckoning}");

        scenario.Ledger.Refusals.ShouldBeEmpty();
        reckoning.ShouldBeWhole(total);
    }

    /// <summary>
    /// Holds one patient's append open for <see cref="Held"/> while the others are posted through the service, then
    /// commits or rolls it back; says what the detection subscription did meanwhile.
    /// </summary>
    static async Task<string> HoldWhileOthersAppend(FaultScenario scenario, History held, List<History> others, bool commit)
    {
        var clock = Stopwatch.StartNew();
        await using var append = await HeldAppend.BeginAsync(scenario.Database.Unpooled, scenario.ClinicId, held.Events);
        var ingest = scenario.Ledger.PostAllAsync(others, parallel: 8, patience: TimeSpan.FromSeconds(60));
        long highest = 0, passedGap = 0;
        while (clock.Elapsed < Held || !ingest.IsCompleted)
        {
            if (await DetectionProgress(scenario.Client) is var (position, highWaterMark))
            {
                highest = Math.Max(highest, highWaterMark);
                if (position >= append.Sequences.Min()) passedGap++;
            }
            await Task.Delay(250);
        }
        await ingest;
        if (commit) await append.CommitAsync();
        else await append.RollbackAsync();
        var heldFor = clock.Elapsed;
        var moved = await Waiting.Until(async () => await DetectionProgress(scenario.Client) is var (position, _) && position > append.Sequences.Max(),
            "detection past the held sequences", TimeSpan.FromSeconds(60));
        return $"sequences {string.Join(",", append.Sequences)} held {heldFor.TotalSeconds:F1} s while " +
               $"{others.Sum(h => h.Events.Count)} other events were acknowledged (high water mark seen {highest}); " +
               $"detection samples past the held sequence before it ended: {passedGap}; detection past it {moved.TotalSeconds:F1} s after";
    }

    /// <summary>The detection subscription's position and the high water mark, from the readiness data.</summary>
    static async Task<(long Position, long HighWaterMark)?> DetectionProgress(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health/ready");
            var checks = (await response.Body()).GetProperty("checks").EnumerateArray();
            var detection = checks.Single(c => c.GetProperty("name").GetString() == "subscriptions").GetProperty("data").GetProperty("Detection");
            return (detection.GetProperty("position").GetInt64(), detection.GetProperty("highWaterMark").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KeyNotFoundException or InvalidOperationException) { return null; }
    }
}
