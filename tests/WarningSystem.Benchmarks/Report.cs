using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WarningSystem.Benchmarks;

/// <summary>
/// The results as a Markdown table (stdout and latest.md) and as JSON (latest.json). Per tier: events/s as the mean
/// of its runs with each run shown, latency percentiles over the samples of all runs, CPU per 1,000 events as the
/// CPU of all runs over their events. Targets are ratios taken within a round, so both sides saw the same machine.
/// </summary>
public static class Report
{
    public const string CpuMethod =
        "CPU seconds per 1,000 events, from /proc: app = utime+stime of the process that talks to PostgreSQL (the service "
        + "for T2/T3, this benchmark process for T0/T1); PostgreSQL = utime+stime of the postmaster and every live child "
        + "plus the postmaster's cutime+cstime (children it reaped); load generator = this process (or wrk) for T2/T3. "
        + "The window runs from the tier's start until the service has caught up (detection, delivery), so work done "
        + "after a 202 is counted; for T4-catchup, from the service's first accepted event until detection has passed the backlog.";

    public static string Write(Bench bench, IReadOnlyList<Tier> tiers, IReadOnlyDictionary<string, string> settings)
    {
        var md = new StringBuilder();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {MemoryGiB():0} GiB; {bench.Config.Seconds} s per tier, {bench.Config.Rounds} interleaved rounds; PostgreSQL "
            + string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")));
        md.AppendLine();
        md.AppendLine("| tier | what | events/s (runs) | p50 ms | p99 ms | p99.9 ms | app CPU s/1k | PostgreSQL CPU s/1k | load gen. CPU s/1k | errors | notes |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var summaries = new List<object>();
        foreach (var tier in tiers)
        {
            var runs = bench.Runs.Where(r => r.Tier == tier.Id).ToList();
            if (runs.Count == 0) continue;
            var events = runs.Sum(r => r.Events);
            var latencies = runs.SelectMany(r => r.Latencies).Order().ToArray();
            // wrk gives percentiles, not samples: its row shows the worse of its runs.
            var (p50, p99, p999) = latencies.Length > 0
                ? (Load.Percentile(latencies, 0.5), Load.Percentile(latencies, 0.99), Load.Percentile(latencies, 0.999))
                : (runs.Max(r => r.P50), runs.Max(r => r.P99), runs.Max(r => r.P999));
            var perSecond = runs.Average(r => r.PerSecond);
            double Per1k(double seconds) => events == 0 ? double.NaN : seconds * 1000 / events;
            var (app, pg) = (Per1k(runs.Sum(r => r.AppCpuSeconds)), Per1k(runs.Sum(r => r.PostgresCpuSeconds)));
            double? loadGen = tier.OnService ? Per1k(runs.Sum(r => r.LoadCpuSeconds ?? 0)) : null;
            var notes = Notes(tier, runs);
            md.AppendLine($"| {tier.Id} | {tier.Title} (latency per {tier.LatencyOf}) | {perSecond:0} ({string.Join(", ", runs.Select(r => r.PerSecond.ToString("0")))}) "
                + $"| {F(p50)} | {F(p99)} | {F(p999)} | {app:0.000} | {pg:0.000} | {(loadGen is { } g ? g.ToString("0.000") : "(same)")} "
                + $"| {runs.Sum(r => r.Errors)} | {notes} |");
            summaries.Add(new { tier = tier.Id, tier.Title, latencyOf = tier.LatencyOf, eventsPerSecond = perSecond, p50Ms = p50, p99Ms = p99, p999Ms = p999,
                appCpuPer1k = app, postgresCpuPer1k = pg, loadGeneratorCpuPer1k = loadGen, errors = runs.Sum(r => r.Errors), notes });
        }
        if (bench.ServiceFigures.Count > 0)
            md.AppendLine($"| T5 | service start → first 202; VmRSS (max under T2 load), VmHWM; idle CPU of service and PostgreSQL | | | | | | | | | "
                + string.Join("; ", bench.ServiceFigures.Select(f => $"round {f.Round}: {f.StartSeconds:0.00} s, {f.RssUnderLoad:0} MB, peak {f.Peak:0} MB, "
                    + $"idle {f.IdleServiceCores:0.00} + {f.IdlePostgresCores:0.00} cores")) + " |");

        var targets = Targets(bench);
        md.AppendLine();
        md.AppendLine("| target (from the performance issue) | measured, per round | goal |");
        md.AppendLine("|---|---|---|");
        foreach (var (name, values, goal) in targets) md.AppendLine($"| {name} | {values} | {goal} |");
        md.AppendLine();
        md.AppendLine(CpuMethod);

        var text = md.ToString();
        File.WriteAllText(Path.Combine(bench.Config.OutDir, "latest.md"), text);
        var json = new
        {
            finishedAt = DateTimeOffset.UtcNow, seconds = bench.Config.Seconds, rounds = bench.Config.Rounds,
            machine = new { cores = Environment.ProcessorCount, memoryGiB = MemoryGiB() }, postgres = settings, cpuMethod = CpuMethod,
            tiers = summaries, targets = targets.Select(t => new { target = t.Name, measured = t.Values, goal = t.Goal }),
            service = bench.ServiceFigures.Select(f => new
            {
                round = f.Round, startToFirstAcceptedSeconds = f.StartSeconds, rssUnderLoadMB = f.RssUnderLoad, peakMB = f.Peak,
                idleServiceCores = f.IdleServiceCores, idlePostgresCores = f.IdlePostgresCores,
            }),
            runs = bench.Runs,
        };
        File.WriteAllText(Path.Combine(bench.Config.OutDir, "latest.json"),
            JsonSerializer.Serialize(json, new JsonSerializerOptions
            {
                WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file, not HTML: keep '+' and '→' legible
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, // "> 30 s" alerts are Infinity
            }));
        return text;
    }

    static string Notes(Tier tier, List<TierRun> runs)
    {
        var notes = new List<string>();
        notes.Add($"other processes used {runs.Average(r => r.Extra["otherCores"]):0.0} cores, the hypervisor took {runs.Average(r => r.Extra["stealCores"]):0.0} (steal)");
        if (tier == Tiers.Catchup.Tier) notes.AddRange(CatchupNotes(runs));
        else if (tier.OnService)
        {
            notes.Add($"caught up {runs.Average(r => r.CatchUpSeconds):0.0} s after the load");
            notes.Add($"VmRSS ≤ {runs.Max(r => r.Extra.GetValueOrDefault("rssMaxMB")):0} MB");
            var timed = runs.Where(r => r.Extra.ContainsKey("eventsPerCommit")).ToList();
            if (timed.Count > 0)
                notes.Add($"a commit: {string.Join(", ", timed.Select(r => $"{r.Extra["eventsPerCommit"]:0.0} events, lookup {r.Extra["lookupMs"]:0.00} + append {r.Extra["appendMs"]:0.00} ms"))}");
        }
        if (tier.Id.StartsWith("T3"))
        {
            notes.Add($"offered {runs.Average(r => r.Extra["offeredPerSecond"]):0}/s; {runs.Sum(r => r.Extra["followed"]):0} alerting events followed, "
                + $"{runs.Sum(r => r.Extra["late"]):0} not listed within 30 s; "
                + $"missed {runs.Sum(r => r.Extra["missed"]):0}, duplicates {runs.Sum(r => r.Extra["duplicates"]):0}; "
                + $"ingest p99 {string.Join(", ", runs.Select(r => F(r.Extra["ingestP99Ms"])))} ms");
        }
        if (tier.Id == "T2-half") notes.Add($"offered {string.Join(", ", runs.Select(r => (r.Events / r.Seconds).ToString("0")))}/s");
        if (tier.Id == "T2-wrk") notes.Add("percentiles: the worse of wrk's runs");
        return string.Join("; ", notes);
    }

    /// <summary>T4-catchup has no load and no latencies: what was seeded, and how the whole service kept up.</summary>
    static IEnumerable<string> CatchupNotes(List<TierRun> runs) => runs.Select(r =>
        $"backlog of {r.Extra["backlog"]:N0} events seeded in {r.Extra["seedSeconds"]:0} s ({r.Extra["backlog"] / r.Extra["seedSeconds"]:0}/s, service stopped); "
        + (r.Extra["caughtUp"] == 1 ? "" : "detection NOT caught up, rate of the part done; ")
        + $"all subscriptions {F(r.Extra["allPerSecond"])} events/s; detection's first progress {r.Extra["firstProgressSeconds"]:0.0} s after start; "
        + $"{F(r.Extra["pathologicalAlerts"])} alerts for the {Tiers.Backlog.PathologicalPatients} pathological patients; VmHWM {r.Extra["rssMaxMB"]:0} MB");

    /// <summary>The issue's targets, each computed within every round in which both sides ran.</summary>
    static List<(string Name, string Values, string Goal)> Targets(Bench bench)
    {
        string Ratio(string a, string b) => PerRound(bench, round =>
            Run(bench, a, round) is { } x && Run(bench, b, round) is { } y ? $"{x.PerSecond / y.PerSecond:0.00}×" : null);
        string P99(string tier) => PerRound(bench, round => Run(bench, tier, round) is { } x ? $"{F(x.P99)} ms" : null);
        return
        [
            ("T2 (16 in flight) ÷ T1 (one event per session)", Ratio("T2-16", "T1"), "≥ 2×"),
            ("T2 (16 in flight) ÷ T0 (one row per commit)", Ratio("T2-16", "T0"), "≥ 0.60×"),
            ("T2 p99 at 50% of T2's max (T2-half)", P99("T2-half"), "< 25 ms"),
            ("T2 slowest request in the node's first 10 s (T2-first)", PerRound(bench, round => Run(bench, "T2-first", round) is { Latencies.Length: > 0 } x ? $"{F(x.Latencies.Max())} ms" : null), "no second-long tail"),
            ("T2b (batch) ÷ T0b batched INSERT", Ratio("T2b", "T0b-insert"), "≥ 0.50×"),
            ("T3 p99 at 50% of T2's max", P99("T3-50"), "< 300 ms"),
            ("T5 start → first accepted event", string.Join("; ", bench.ServiceFigures.Select(f => $"{f.StartSeconds:0.00} s")), "< 1.5 s"),
            ("T5 resident memory at steady load (max VmRSS during T2 tiers)", string.Join("; ", bench.ServiceFigures.Select(f => $"{f.RssUnderLoad:0} MB")), "< 250 MB"),
            ("independent check: wrk ÷ benchmark, T2 at 16 in flight", Ratio("T2-wrk", "T2-16"), "≈ 1 (no goal)"),
            ("T4 alert list p99 at 100,000 alerts", P99("T4-list"), "< 50 ms"),
            ("T4 patient worklist p99 at 100,000 alerts", P99("T4-worklist"), "< 50 ms"),
            ("T4 FHIR DetectedIssue search p99 at 100,000 alerts", P99("T4-fhir"), "< 50 ms"),
            ("T4 metrics p99 at 100,000 alerts", P99("T4-metrics"), "< 50 ms"),
            ("T4 fetch of a 1,000-event stream p99", P99("T4-fetch"), "< 25 ms"),
            ("T4 detection catch-up on a backlog (T4-catchup)", PerRound(bench, round => Run(bench, "T4-catchup", round) is { } x
                ? $"{x.PerSecond:0} events/s{(x.Extra["caughtUp"] == 1 ? "" : " (not caught up)")}" : null), "≥ 25,000 events/s"),
            ("T4 detection catch-up ÷ T2's max (T2-16, T2-64)", PerRound(bench, round => Run(bench, "T4-catchup", round) is { } x
                && bench.Runs.Where(r => r.Round == round && r.Tier is "T2-16" or "T2-64").Select(r => r.PerSecond).DefaultIfEmpty().Max() is > 0 and var t2
                ? $"{x.PerSecond / t2:0.00}×" : null), "≥ 2×"),
            ("auditing: ingest with sealing on ÷ off (T2-16 ÷ T6-unsealed)", Ratio("T2-16", "T6-unsealed"), "≥ 0.90×"),
            ("auditing: NDJSON export rate (T6-export)", PerRound(bench, round => Run(bench, "T6-export", round) is { } x ? $"{x.PerSecond:0} events/s" : null), "(no goal)"),
            ("auditing: as-of p99 on a 1,000-event stream (T6-asof)", P99("T6-asof"), "(no goal)"),
            ("auditing: verification rate (T6-verify)", PerRound(bench, round => Run(bench, "T6-verify", round) is { } x ? $"{x.PerSecond:0} events/s" : null), "(no goal)"),
        ];
    }

    static TierRun? Run(Bench bench, string tier, int round) => bench.Runs.FirstOrDefault(r => r.Tier == tier && r.Round == round);

    static string PerRound(Bench bench, Func<int, string?> value) =>
        string.Join("; ", Enumerable.Range(1, bench.Config.Rounds).Select(value).Where(v => v != null)) is { Length: > 0 } s ? s : "not measured";

    static string F(double value) => double.IsNaN(value) ? "–" : double.IsPositiveInfinity(value) ? "> 30000" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    static double MemoryGiB() =>
        File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kb
            ? double.Parse(kb) / 1024 / 1024 : 0;
}
