using System.Diagnostics;
using Npgsql;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T4-catchup: how fast a service started on a backlog works through it, as a new node or a rebuild of the detection
/// state from the log does. BENCH_T4_EVENTS events (default 1,000,000, the performance issue's size) are seeded
/// with the service stopped (<see cref="Backlog"/>), then the service is started and the detection subscription's
/// position in mt_event_progression is polled until it has passed the backlog's last event. The rate is the events
/// it worked through from the moment the service accepted its first event, over the time that took; the same is
/// reported for every subscription together (detection, follow-ups, delivery, the hash chain). Polling stops after
/// BENCH_T4_MINUTES (default 10), and the rate is then that of the part done, which flatters it: the backlog is in
/// event-time order, so the part done holds the patients' shorter histories.
/// Once per benchmark process, after the rounds: seeding takes minutes, and a backlog of a million events would
/// change what the other tiers measure (T6-verify checks every event of the clinic).
/// </summary>
public static class Catchup
{
    public static readonly Tier Tier = new("T4-catchup", "detection works through a backlog seeded with the service stopped, from the service's start",
        "event", true, (_, _, _) => throw new NotSupportedException("measured by Catchup.Run: its window is a service start, not a load"));

    static long Events => long.Parse(Environment.GetEnvironmentVariable("BENCH_T4_EVENTS") ?? "1000000");
    static TimeSpan Limit => TimeSpan.FromMinutes(double.Parse(Environment.GetEnvironmentVariable("BENCH_T4_MINUTES") ?? "10"));

    public static async Task Run(Bench bench, int round)
    {
        Console.Error.WriteLine($"  {Tier.Id} seeding {Events:N0} events with the service stopped");
        var seeded = await Backlog.Seed(bench, Events);
        Console.Error.WriteLine($"  {Tier.Id} seeded {seeded.Events:N0} events in {seeded.Seconds:0} s ({seeded.Events / seeded.Seconds:0}/s); starting the service");

        var service = bench.Service = await Service.Start(bench.Config, bench.Api, bench.Db, bench.NextEvent());
        var cpu0 = Cpu.Now(bench);
        var (from, _) = await Progress(bench.Db);
        var clock = Stopwatch.StartNew();
        double began = double.NaN, all = double.NaN;
        (Cpu Cpu, double Seconds)? done = null;
        var detected = from;
        while (clock.Elapsed < Limit && double.IsNaN(all))
        {
            await Task.Delay(100);
            (detected, var everyone) = await Progress(bench.Db);
            if (double.IsNaN(began) && detected > from) began = clock.Elapsed.TotalSeconds;
            if (done is null && detected >= seeded.LastSequence) done = (Cpu.Now(bench), clock.Elapsed.TotalSeconds);
            // Looked at once detection is through: by then every subscription has a row of its own.
            if (done is not null && everyone >= seeded.LastSequence) all = clock.Elapsed.TotalSeconds;
        }
        var (cpu1, seconds) = done ?? (Cpu.Now(bench), clock.Elapsed.TotalSeconds);
        var events = await Count(bench.Db, from, Math.Min(detected, seeded.LastSequence));

        // The pathological patients' alerts, once their findings have been handled: a check that detection read the backlog.
        var alerts = double.NaN;
        if (!double.IsNaN(all))
        {
            await service.WaitCaughtUp(TimeSpan.FromMinutes(2));
            alerts = await PathologicalAlerts(bench);
        }
        var (app, postgres, self) = (cpu1.App - cpu0.App, cpu1.Postgres - cpu0.Postgres, cpu1.Self - cpu0.Self);
        bench.Runs.Add(new TierRun(Tier.Id, round, events, seconds, events / seconds, double.NaN, double.NaN, double.NaN, 0,
            app, postgres, self, 0, new()
            {
                ["backlog"] = seeded.Events, ["seedSeconds"] = seeded.Seconds, ["caughtUp"] = done is null ? 0 : 1,
                ["allPerSecond"] = events / all, ["firstProgressSeconds"] = began, ["pathologicalAlerts"] = alerts,
                ["otherCores"] = Math.Max(0, (cpu1.Machine.Busy - cpu0.Machine.Busy - app - postgres - self) / seconds),
                ["stealCores"] = (cpu1.Machine.Steal - cpu0.Machine.Steal) / seconds, ["rssMaxMB"] = service.MemoryMB().Peak,
            }));
        Console.Error.WriteLine($"  {Tier.Id} round {round}: {events / seconds,8:0} events/s by detection{(done is null ? " (not caught up)" : "")}, "
            + $"{events / all:0} events/s by all subscriptions, detection's first progress {began:0.0} s after start");
        await service.DisposeAsync();
        bench.Service = null;
    }

    /// <summary>CPU seconds so far of the service, PostgreSQL, this process, and the whole machine.</summary>
    sealed record Cpu(double App, double Postgres, double Self, (double Busy, double Steal) Machine)
    {
        public static Cpu Now(Bench bench) => new(ProcStat.ProcessCpuSeconds(bench.Service!.Pid), ProcStat.PostgresCpuSeconds(bench.Postmaster),
            ProcStat.ProcessCpuSeconds(Environment.ProcessId), ProcStat.MachineSeconds());
    }

    /// <summary>Detection's position, and the lowest of every subscription's (the daemon's HighWater rows are its bookkeeping).</summary>
    static async Task<(long Detection, long All)> Progress(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            select coalesce(max(last_seq_id) filter (where name like 'Detection%'), 0),
                   coalesce(min(last_seq_id) filter (where name not like 'HighWater%'), 0)
            from warnings.mt_event_progression
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    static async Task<long> Count(NpgsqlDataSource db, long after, long upTo)
    {
        await using var command = db.CreateCommand("select count(*) from warnings.mt_events where seq_id > $1 and seq_id <= $2");
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = upTo });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static async Task<double> PathologicalAlerts(Bench bench)
    {
        await using var command = bench.Db.CreateCommand("select count(*) from warnings.mt_doc_alert where tenant_id = $1 and patient_id like $2");
        command.Parameters.Add(new() { Value = bench.Config.Clinic });
        command.Parameters.Add(new() { Value = $"t4-patho-{bench.Config.Run}-%" });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
