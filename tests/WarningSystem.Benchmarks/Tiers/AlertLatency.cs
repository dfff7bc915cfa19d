using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T3: from an event's 202 to its alert in the alert list, under load at a fixed arrival rate (open loop). The load
/// is T2's mix of events, which raise no alerts; about 5 of them a second are replaced by a craving of intensity 9
/// outside a session for a new patient, which raises exactly one alert, and those are followed. (Every event
/// raising an alert at these rates would measure an alert storm, not how long an alert takes under normal load.)
/// </summary>
public static class AlertLatency
{
    /// <summary>
    /// Alerting events a second, each followed by polling the alert list: few enough that the polling does not
    /// become the load, and 150 a tier at 15 s per tier and two rounds.
    /// </summary>
    const double FollowedPerSecond = 5;

    /// <summary>An alert not in the list this long after its event's 202 counts as late, and following it stops.</summary>
    static readonly TimeSpan FollowFor = TimeSpan.FromSeconds(30);

    public static async Task<LoadResult> Run(Bench bench, string label, double rate, TimeSpan duration)
    {
        var prefix = $"t3-{bench.Config.Run}-{label}-{bench.NextEvent()}-";
        var every = Math.Max(1, (int)Math.Round(rate / FollowedPerSecond));
        var patients = new ConcurrentBag<string>();
        var latencies = new ConcurrentBag<double>();
        var followers = new ConcurrentBag<Task>();
        var late = 0;

        var ingest = await Load.Open(rate, duration, async n =>
        {
            if (n % every != 0)
                return await bench.Api.PostEvent(Bodies.Event(bench.Config.Run, bench.NextEvent())) == HttpStatusCode.Accepted ? 1 : 0;
            var patient = prefix + n;
            if (await bench.Api.PostEvent(Bodies.AlertingCraving($"portal-{patient}", patient)) != HttpStatusCode.Accepted) return 0;
            patients.Add(patient);
            followers.Add(Follow(patient));
            return 1;
        });
        await Task.WhenAll(followers);
        await bench.Service!.WaitCaughtUp();
        var (missed, duplicates) = await CountAlerts(bench, prefix, patients);

        return new LoadResult(ingest.Events, ingest.Seconds, [.. latencies.Order()], ingest.Errors)
        {
            Extra =
            {
                ["offeredPerSecond"] = rate, ["followed"] = latencies.Count, ["late"] = late, ["missed"] = missed, ["duplicates"] = duplicates,
                ["ingestP50Ms"] = Load.Percentile(ingest.LatenciesMs, 0.5), ["ingestP99Ms"] = Load.Percentile(ingest.LatenciesMs, 0.99),
            },
        };

        // Polls every 20 ms at first, then at a tenth of the time waited so far (at most 250 ms): the resolution
        // stays within about 10% while a slow alert does not add load that slows it further.
        async Task Follow(string patient)
        {
            var accepted = Stopwatch.StartNew();
            while (accepted.Elapsed < FollowFor)
            {
                if (await bench.Api.AlertCount(patient) > 0) { latencies.Add(accepted.Elapsed.TotalMilliseconds); return; }
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(accepted.Elapsed.TotalMilliseconds / 10, 20, 250)));
            }
            Interlocked.Increment(ref late);
            latencies.Add(double.PositiveInfinity); // percentiles that reach it read "> 30 s"
        }
    }

    /// <summary>
    /// Once the service has caught up: patients of this tier with no alert (missed) and alerts beyond the one
    /// expected (duplicates). Read from the alert documents the alert list serves, in one query rather than one
    /// request per patient.
    /// </summary>
    static async Task<(int Missed, int Duplicates)> CountAlerts(Bench bench, string prefix, IEnumerable<string> patients)
    {
        await using var command = bench.Db.CreateCommand("""
            select data->>'patientId', count(*) from warnings.mt_doc_alert
            where tenant_id = $1 and starts_with(data->>'patientId', $2) group by 1
            """);
        command.Parameters.Add(new() { Value = bench.Config.Clinic });
        command.Parameters.Add(new() { Value = prefix });
        var alerts = new Dictionary<string, long>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) alerts[reader.GetString(0)] = reader.GetInt64(1);
        return (patients.Count(p => !alerts.ContainsKey(p)), (int)alerts.Values.Sum(count => Math.Max(0, count - 1)));
    }
}
