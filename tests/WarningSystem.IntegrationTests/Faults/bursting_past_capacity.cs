using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 6: a burst far past capacity, writers and readers at once, enough readers to exhaust the connection
/// pool. Every answer is a success or a clean 503/429 with Retry-After, nothing acknowledged is lost, and ingest
/// latency is back to normal within seconds after the burst.
/// </summary>
[Collection(FaultSuite.Name)]
public class bursting_past_capacity
{
    [Fact]
    public async Task refuses_cleanly_loses_nothing_and_recovers_within_seconds()
    {
        // A pool of 10 connections that waits at most 3 s for one: 150 readers and 300 writers exhaust it.
        await using var scenario = await FaultScenario.StartAsync("burst", connectionString => connectionString
            .Replace("Maximum Pool Size=100", "Maximum Pool Size=10") + ";Timeout=3");
        var baseline = await IngestLatency(scenario);
        var histories = Histories.Mixed(perTemplate: 5, fillers: 250, DateTimeOffset.UtcNow);
        var total = histories.Sum(h => h.Events.Count);
        var readAnswers = new ConcurrentDictionary<string, int>();
        var badReads = new ConcurrentQueue<string>();

        using var stopReading = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var writers = scenario.Ledger.PostAllAsync(histories, parallel: 300, patience: TimeSpan.FromSeconds(90));
        var readers = Enumerable.Range(0, 150).Select(i => Task.Run(async () =>
        {
            using var client = scenario.Service.Client(TimeSpan.FromSeconds(30));
            while (!stopReading.IsCancellationRequested)
            {
                var patient = histories[i % histories.Count].PatientId;
                try
                {
                    using var response = await client.GetAsync(i % 2 == 0
                        ? $"/api/clinics/{scenario.ClinicId}/patients/{patient}/events"
                        : $"/api/clinics/{scenario.ClinicId}/alerts?pageSize=200");
                    var status = (int)response.StatusCode;
                    readAnswers.AddOrUpdate(status.ToString(), 1, (_, n) => n + 1);
                    if (status >= 500 && !(status == 503 && response.Headers.RetryAfter is not null))
                        badReads.Enqueue($"{status} {await response.Content.ReadAsStringAsync()}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    readAnswers.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                }
            }
        })).ToArray();
        await writers;
        var burst = clock.Elapsed;
        stopReading.Cancel();
        await Task.WhenAll(readers);

        // Recovered: the median of a few sequential posts is back within twice the quiet baseline (or 100 ms).
        var recovery = Stopwatch.StartNew();
        var after = await IngestLatency(scenario);
        while (after > TimeSpan.FromMilliseconds(Math.Max(100, 2 * baseline.TotalMilliseconds)) && recovery.Elapsed < TimeSpan.FromSeconds(60))
            after = await IngestLatency(scenario);
        var recovered = recovery.Elapsed;

        var reckoning = await Reconciliation.SettleAndCountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(120));
        FaultScenario.Report("burst past capacity",
            $"{total} events from 300 writers with 150 readers in {burst.TotalSeconds:F1} s; ingest p50 {baseline.TotalMilliseconds:F0} ms before, " +
            $"{after.TotalMilliseconds:F0} ms after, back to normal {recovered.TotalSeconds:F1} s after the burst; longest ingest answer " +
            $"{scenario.Ledger.LongestAnswer.TotalSeconds:F1} s; writes {scenario.Ledger.Summary()}; reads " +
            $"{string.Join(", ", readAnswers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"))}; {reckoning}");

        badReads.ShouldBeEmpty(string.Join("\n", badReads.Take(5)));
        // 404: a reader asked for a patient whose first event was not stored yet.
        readAnswers.Keys.ShouldAllBe(k => k == "200" || k == "404" || k == "503" || k == "429", "reads answer, or refuse cleanly; none hangs past 30 s");
        scenario.Ledger.Refusals.ShouldBeEmpty();
        scenario.Ledger.UnavailableWithoutRetryAfter.ShouldBe(0);
        scenario.Ledger.Answers.Keys.ShouldAllBe(k => k == "202" || k == "200" || k == "503" || k == "429");
        recovered.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        reckoning.ShouldBeWhole(total);
    }

    /// <summary>The median of ten sequential single-event posts of a patient of their own.</summary>
    static async Task<TimeSpan> IngestLatency(FaultScenario scenario)
    {
        var patient = Api.NewId("probe");
        var times = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            var body = Api.Event(patient, "SessionAttended", new { sessionId = Api.NewId("s"), scheduled = true });
            var clock = Stopwatch.StartNew();
            using var response = await scenario.Client.PostEvent(scenario.ClinicId, body);
            times.Add(clock.Elapsed);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}
