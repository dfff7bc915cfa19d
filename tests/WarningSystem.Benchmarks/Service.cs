using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Npgsql;

namespace WarningSystem.Benchmarks;

/// <summary>
/// The service under test: the Release build, started as production starts it (Production environment, schema
/// applied beforehand by ops/bench.sh with db-apply, logging at Warning), with the per-credential rate limit lifted
/// so the benchmark measures the service and not its throttle. Detection, follow-ups and delivery run as usual.
/// </summary>
public sealed class Service : IAsyncDisposable
{
    readonly Process process;
    readonly NpgsqlDataSource db;
    readonly string pidFile;
    public int Pid => process.Id;

    /// <summary>T5: seconds from starting the process to the first event it accepts (202).</summary>
    public double StartToFirstAccepted { get; private init; }

    readonly bool sealing;

    Service(Process process, NpgsqlDataSource db, string pidFile, bool sealing) =>
        (this.process, this.db, this.pidFile, this.sealing) = (process, db, pidFile, sealing);

    /// <summary>Starts the service; <paramref name="sealing"/> false starts it without the hash chain, to measure its cost.</summary>
    public static async Task<Service> Start(Config config, Api api, NpgsqlDataSource db, long probeEvent, bool sealing = true)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { config.ApiDll, "--urls", config.BaseUrl },
            // Its own folder, as in the image: the configuration watcher watches the working directory, and the
            // repository holds the benchmark's PostgreSQL data, whose every write it would otherwise wake for.
            WorkingDirectory = Path.GetDirectoryName(config.ApiDll)!,
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Marten"] = config.Postgres,
                ["Logging__LogLevel__Default"] = "Warning",
                ["RateLimiting__PermitsPerSecond"] = "1000000",
                ["RateLimiting__Burst"] = "1000000",
                ["Audit__Sealing"] = sealing ? "true" : "false",
                // Scraped as a monitored node is: the benchmark reads each tier's group commits from /metrics.
                ["Telemetry__Prometheus"] = "true",
            },
        };
        var log = new StreamWriter(Path.Combine(config.OutDir, "service.log"), append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        // ops/bench.sh stops the service from this file if the benchmark process dies first.
        var pidFile = Path.Combine(config.OutDir, "service.pid");
        await File.WriteAllTextAsync(pidFile, process.Id.ToString());
        process.OutputDataReceived += (_, line) => { if (line.Data != null) lock (log) log.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data != null) lock (log) log.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new Service(process, db, pidFile, sealing) { StartToFirstAccepted = await FirstAccepted() };
        return service;

        // Post the same event until it is accepted: connection refused and 5xx mean "not up yet".
        async Task<double> FirstAccepted()
        {
            var body = Bodies.Event(config.Run, probeEvent);
            var last = "";
            while (clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                if (process.HasExited) throw new InvalidOperationException($"the service exited with {process.ExitCode}; see {config.OutDir}/service.log");
                try
                {
                    var status = await api.PostEvent(body);
                    if (status == HttpStatusCode.Accepted) return clock.Elapsed.TotalSeconds;
                    last = $"status {(int)status}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e.Message; }
                await Task.Delay(10);
            }
            throw new TimeoutException($"the service accepted no event within 3 minutes; last answer: {last}");
        }
    }

    /// <summary>
    /// Waits until the service has done everything the events so far cause: each subscription (detection,
    /// follow-ups, delivery) has read up to the last event, and no message waits in Wolverine's inbox or outbox.
    /// Returns the seconds waited, so a tier's CPU window can include the work done after its load ended.
    /// </summary>
    public async Task<double> WaitCaughtUp(TimeSpan? limit = null)
    {
        // Without sealing the hash chain's position stands still, and is not waited for.
        var sql = $"""
            select coalesce((select max(seq_id) from warnings.mt_events), 0)
                 - coalesce((select min(last_seq_id) from warnings.mt_event_progression where name not like 'HighWater%' {(sealing ? "" : "and name not like 'HashChain%'")}), 0),
                   (select count(*) from warnings.wolverine_incoming_envelopes where status = 'Incoming')
                 + (select count(*) from warnings.wolverine_outgoing_envelopes),
                   (select count(*) from warnings.mt_event_progression where name not like 'HighWater%')
            """;
        var clock = Stopwatch.StartNew();
        var settled = 0;
        while (clock.Elapsed < (limit ?? TimeSpan.FromMinutes(2)))
        {
            if (process.HasExited) throw new InvalidOperationException($"the service exited with {process.ExitCode}; see service.log");
            await using var command = db.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (behind, queued, subscriptions) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            // Rows named HighWater… are the daemon's own bookkeeping; the others are subscriptions and projections.
            // Twice in a row: a message handled just now may append events the subscriptions have not seen.
            settled = behind <= 0 && queued == 0 && subscriptions > 0 ? settled + 1 : 0;
            if (settled == 2) return clock.Elapsed.TotalSeconds;
            await Task.Delay(50);
        }
        Console.Error.WriteLine("  warning: the service did not catch up within the limit");
        return clock.Elapsed.TotalSeconds;
    }

    public (double Rss, double Peak) MemoryMB() => ProcStat.MemoryMB(Pid);

    [DllImport("libc", SetLastError = true)] static extern int kill(int pid, int signal);

    /// <summary>Stops the service the way an orchestrator does (SIGTERM), and kills it if it has not left in 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (process.HasExited) { File.Delete(pidFile); return; }
        kill(process.Id, 15);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await process.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        File.Delete(pidFile);
    }
}
