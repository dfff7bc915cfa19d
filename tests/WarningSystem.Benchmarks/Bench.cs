using Npgsql;

namespace WarningSystem.Benchmarks;

/// <summary>One tier: what it measures, the unit its latency is per, whether it drives the service, and its load.</summary>
public sealed record Tier(string Id, string Title, string LatencyOf, bool OnService, Func<Bench, int, TimeSpan, Task<LoadResult>> Load, bool WarmUp = true);

/// <summary>One measured run of a tier. CPU figures are seconds over the window, from the tier's start to caught up.</summary>
public sealed record TierRun(
    string Tier, int Round, long Events, double Seconds, double PerSecond, double P50, double P99, double P999,
    long Errors, double AppCpuSeconds, double PostgresCpuSeconds, double? LoadCpuSeconds, double CatchUpSeconds,
    Dictionary<string, double> Extra)
{
    [System.Text.Json.Serialization.JsonIgnore] public double[] Latencies { get; init; } = [];
}

/// <summary>What the tiers share: configuration, PostgreSQL, the API client, the running service, results so far.</summary>
public sealed class Bench(Config config, NpgsqlDataSource db, Api api, int postmaster)
{
    public Config Config => config;
    public NpgsqlDataSource Db => db;
    public Api Api => api;
    public Service? Service { get; set; }
    public int Postmaster => postmaster;
    public List<TierRun> Runs { get; } = [];
    /// <summary>
    /// Per round: T5's start time, the highest VmRSS seen under T2's load and VmHWM when the round ended (MB), and the
    /// cores the idle service and PostgreSQL use (its pollers and agents): a fixed cost that low rates spread over few events.
    /// </summary>
    public List<(int Round, double StartSeconds, double RssUnderLoad, double Peak, double IdleServiceCores, double IdlePostgresCores)> ServiceFigures { get; } = [];

    long nextEvent, nextRow;
    /// <summary>Numbers of events posted to the service, unique across tiers and rounds: every eventId is new.</summary>
    public long NextEvents(int count) => Interlocked.Add(ref nextEvent, count) - count;
    public long NextEvent() => NextEvents(1);

    /// <summary>
    /// T0 and T1 number their rows apart: they store far more events, and sharing the service's numbers would move
    /// the service's event times (derived from the number) into the future, where ingest rejects them.
    /// </summary>
    public long NextRows(int count) => Interlocked.Add(ref nextRow, count) - count;

    /// <summary>
    /// What autovacuum does in time for tables that grew over months, for tables a tier filled in seconds: dead row
    /// versions gone, visibility known, the planner's statistics current.
    /// </summary>
    public async Task VacuumAnalyze(params string[] tables)
    {
        await using var vacuum = db.CreateCommand($"vacuum analyze {string.Join(", ", tables.Select(t => $"warnings.{t}"))}");
        vacuum.CommandTimeout = 600;
        await vacuum.ExecuteNonQueryAsync();
    }

    /// <summary>T2's maximum so far in this round (the better of 16 and 64 in flight): T3 and T2's half load pace from it.</summary>
    public double T2Max(int round)
    {
        var t2 = Runs.Where(r => r.Tier is "T2-16" or "T2-64").ToList();
        var thisRound = t2.Where(r => r.Round == round).ToList();
        return (thisRound.Count > 0 ? thisRound : t2).Select(r => r.PerSecond).DefaultIfEmpty(500).Max();
    }

    public async Task<TierRun> Measure(Tier tier, int round)
    {
        if (tier.WarmUp) await tier.Load(this, round, config.Warmup);
        if (tier.OnService) await Service!.WaitCaughtUp();

        // The "app" is whatever talks to PostgreSQL: the service, or for T0/T1 this process itself.
        var self = Environment.ProcessId;
        var app = tier.OnService ? Service!.Pid : self;
        var (app0, pg0, self0, all0) = (ProcStat.ProcessCpuSeconds(app), ProcStat.PostgresCpuSeconds(postmaster), ProcStat.ProcessCpuSeconds(self), ProcStat.MachineSeconds());
        var window = System.Diagnostics.Stopwatch.StartNew();
        using var stopSampling = new CancellationTokenSource();
        var rss = tier.OnService ? SampleRss(Service!.Pid, stopSampling.Token) : Task.FromResult(double.NaN);
        var commits0 = tier.OnService ? CommitFigures.Parse(await api.MetricsText()) : null;

        var load = await tier.Load(this, round, config.Duration);
        // The work an event causes after its 202 (detection, delivery) belongs to its cost: CPU is read once caught up.
        var catchUp = tier.OnService ? await Service!.WaitCaughtUp() : 0;
        var (app1, pg1, self1, all1) = (ProcStat.ProcessCpuSeconds(app), ProcStat.PostgresCpuSeconds(postmaster), ProcStat.ProcessCpuSeconds(self), ProcStat.MachineSeconds());
        await stopSampling.CancelAsync();

        var extra = new Dictionary<string, double>(load.Extra);
        var measured = (app1 - app0) + (pg1 - pg0) + (tier.OnService ? self1 - self0 + (load.LoadCpuSeconds ?? 0) : 0);
        extra["otherCores"] = Math.Max(0, (all1.Busy - all0.Busy - measured) / window.Elapsed.TotalSeconds);
        extra["stealCores"] = (all1.Steal - all0.Steal) / window.Elapsed.TotalSeconds;
        if (tier.OnService)
        {
            extra["rssMaxMB"] = await rss;
            foreach (var (name, value) in CommitFigures.Between(commits0!, CommitFigures.Parse(await api.MetricsText()))) extra[name] = value;
        }
        var l = load.LatenciesMs;
        var run = new TierRun(tier.Id, round, load.Events, load.Seconds, load.Events / load.Seconds,
            Percentile(0.5, "p50Ms"), Percentile(0.99, "p99Ms"), Percentile(0.999, "p999Ms"), load.Errors,
            app1 - app0, pg1 - pg0, tier.OnService ? load.LoadCpuSeconds ?? self1 - self0 : null, catchUp, extra) { Latencies = l };
        Runs.Add(run);
        Console.Error.WriteLine($"  {tier.Id,-10} round {round}: {run.PerSecond,8:0} events/s  p50 {run.P50,6:0.0}  p99 {run.P99,6:0.0} ms  errors {run.Errors}" +
            (catchUp > 0.2 ? $"  caught up {catchUp:0.0} s after" : ""));
        return run;

        // wrk reports percentiles, not samples.
        double Percentile(double p, string reported) => l.Length > 0 ? Load.Percentile(l, p) : load.Extra.GetValueOrDefault(reported, double.NaN);
    }

    /// <summary>Cores the caught-up, unloaded service and PostgreSQL use over a few seconds.</summary>
    public async Task<(double Service, double Postgres)> IdleCores()
    {
        await Service!.WaitCaughtUp();
        var (service0, pg0) = (ProcStat.ProcessCpuSeconds(Service.Pid), ProcStat.PostgresCpuSeconds(postmaster));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var seconds = clock.Elapsed.TotalSeconds;
        return ((ProcStat.ProcessCpuSeconds(Service.Pid) - service0) / seconds, (ProcStat.PostgresCpuSeconds(postmaster) - pg0) / seconds);
    }

    static async Task<double> SampleRss(int pid, CancellationToken stop)
    {
        var max = 0.0;
        while (!stop.IsCancellationRequested)
        {
            max = Math.Max(max, ProcStat.MemoryMB(pid).Rss);
            try { await Task.Delay(250, stop); } catch (OperationCanceledException) { }
        }
        return max;
    }
}
