using Npgsql;
using WarningSystem.Benchmarks;
using WarningSystem.Benchmarks.Tiers;

// The benchmark process behind ops/bench.sh: PostgreSQL alone (T0), Marten alone (T1), then the service over HTTP
// (T2, T3, T4, T5, T6). Every tier runs once per round and rounds repeat the same order (A B C … A B C …), so a slow spell
// of the shared machine lands on several tiers instead of deciding one, and ratios within a round stay comparable.
// T4-catchup alone runs once, after the last round (see Catchup).
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    // One line and a failing exit code for ops/bench.sh, which then stops the service and the cluster.
    Console.Error.WriteLine($"benchmark failed: {e.ExceptionObject}");
    Environment.Exit(1);
};
var config = Config.FromEnvironment();
Directory.CreateDirectory(config.OutDir);
await using var db = NpgsqlDataSource.Create(config.Postgres);
var settings = await ServerSettings(db);
Console.Error.WriteLine("PostgreSQL: " + string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")));
if (settings["fsync"] != "on" || settings["synchronous_commit"] != "on")
    throw new InvalidOperationException("fsync and synchronous_commit must be on: the figures are for durable commits");

using var api = new Api(config);
var postmaster = int.Parse(File.ReadLines(Path.Combine(config.PgData, "postmaster.pid")).First());
var bench = new Bench(config, db, api, postmaster);
await RawPostgres.CreateTable(db);
using var marten = await PlainMarten.CreateStore(config.Postgres);

Tier[] withoutService =
[
    new("T0", "raw INSERT, one row per commit, 16 in flight", "commit", false, (b, _, d) => RawPostgres.OneRowPerCommit(b, 16, d)),
    new("T0b-insert", "raw INSERT, 100 rows per commit, 16 in flight", "100-row commit", false, (b, _, d) => RawPostgres.BatchedInsert(b, 16, d)),
    new("T0b-copy", "raw binary COPY, 100 rows per COPY, 16 in flight", "100-row COPY", false, (b, _, d) => RawPostgres.BinaryCopy(b, 16, d)),
    new("T1", "Marten, one event per session, 16 in flight", "commit", false, (b, _, d) => PlainMarten.OneEventPerSession(b, marten, 16, d)),
    new("T1-100", "Marten, 100 events per session, 16 in flight", "100-event commit", false, (b, _, d) => PlainMarten.HundredPerCommit(b, marten, 16, d)),
];
// The service was warmed up by the closed-loop tiers before them; the paced tiers need no warm-up of their own.
Tier[] onService =
[
    new("T2-16", "service POST /events, 16 in flight", "request", true, (b, _, d) => ServiceIngest.Single(b, 16, d)),
    new("T2-64", "service POST /events, 64 in flight", "request", true, (b, _, d) => ServiceIngest.Single(b, 64, d)),
    new("T2-wrk", "service POST /events, 16 connections, driven by wrk", "request", true, (b, _, d) => WrkCheck.Run(b, 16, d)),
    new("T2b", "service POST /events/batch, 100 events per request, 16 in flight", "100-event request", true, (b, _, d) => ServiceIngest.Batch(b, 16, d)),
    new("T2-detect", "a pathological patient: 300 events in 30 days, 100 per request, until caught up (alerts included)", "patient", true, (b, _, d) => Detection.Pathological(b, d)),
    new("T2-half", "service POST /events at 50% of T2's max, open loop", "request", true, (b, r, d) => ServiceIngest.Paced(b, b.T2Max(r) / 2, d), WarmUp: false),
    new("T3-20", "event 202 → alert in the list, load at 20% of T2's max, open loop", "alert", true, (b, r, d) => AlertLatency.Run(b, "20", b.T2Max(r) * 0.2, d), WarmUp: false),
    new("T3-50", "event 202 → alert in the list, load at 50% of T2's max, open loop", "alert", true, (b, r, d) => AlertLatency.Run(b, "50", b.T2Max(r) * 0.5, d), WarmUp: false),
    new("T3-80", "event 202 → alert in the list, load at 80% of T2's max, open loop", "alert", true, (b, r, d) => AlertLatency.Run(b, "80", b.T2Max(r) * 0.8, d), WarmUp: false),
    new("T6-export", "NDJSON export of a 2,000-event history, 1 in flight", "export", true, (b, _, d) => Auditing.Export(b, d)),
    new("T6-asof", "risk as of a random moment, 1,000-event stream, 4 in flight", "request", true, (b, _, d) => Auditing.AsOf(b, d)),
    new("T6-verify", "clinic-wide verification of the hash chain, 1 in flight", "verification", true, (b, _, d) => Auditing.Verify(b, d)),
    new("T4-list", "alert list, a page of 50, 100,000 alerts in the clinic, 4 in flight", "request", true, (b, _, d) => ClinicReads.List(b, d)),
    new("T4-worklist", "patient worklist, a page of 50, 100,000 alerts in the clinic, 4 in flight", "request", true, (b, _, d) => ClinicReads.Worklist(b, d)),
    new("T4-fhir", "FHIR DetectedIssue search, a page of 50 by status, 100,000 alerts in the clinic, 4 in flight", "request", true, (b, _, d) => ClinicReads.DetectedIssues(b, d)),
    new("T4-metrics", "alert metrics, 100,000 alerts in the clinic, 4 in flight", "request", true, (b, _, d) => ClinicReads.Metrics(b, d)),
    new("T4-fetch", "an auditor's fetch of a 1,000-event stream (JSON), 4 in flight", "request", true, (b, _, d) => ClinicReads.Fetch(b, d)),
];
// A node's first 10 s: T2-16's load from the moment the service first accepted an event, measured without warm-up,
// for the tail a fresh node shows while it still compiles itself. Then, unmeasured, the node is warmed up to its first
// minute (BENCH_NODE_WARMUP seconds of the same load, default 50), so the tiers after it measure a node in its steady
// state and not one still compiling.
Tier first = new("T2-first", "service POST /events, 16 in flight, the node's first 10 s after start", "request", true,
    (b, _, _) => ServiceIngest.Single(b, 16, TimeSpan.FromSeconds(10)), WarmUp: false);

// Sealing's cost: T2's load on a service started with sealing off, compared with T2-16 of the same round.
Tier unsealed = new("T6-unsealed", "service POST /events, 16 in flight, sealing off", "request", true, (b, _, d) => ServiceIngest.Single(b, 16, d));

try
{
    for (var round = 1; round <= config.Rounds; round++)
    {
        Console.Error.WriteLine($"round {round} of {config.Rounds}");
        foreach (var tier in withoutService.Where(t => config.Runs(t.Id))) await bench.Measure(tier, round);
        if (!onService.Any(t => config.Runs(t.Id)) && !config.Runs("T5")) continue;

        // T5: the service is started afresh each round, so start-up is measured once per round too.
        bench.Service = await Service.Start(config, api, db, bench.NextEvent());
        Console.Error.WriteLine($"  T5         round {round}: first event accepted {bench.Service.StartToFirstAccepted:0.00} s after the process started");
        if (onService.Any(t => config.Runs(t.Id)))
        {
            await bench.Measure(first, round);
            await ServiceIngest.Single(bench, 16, config.NodeWarmup);
        }
        foreach (var tier in onService.Where(t => config.Runs(t.Id))) await bench.Measure(tier, round);
        var underLoad = bench.Runs.Where(r => r.Round == round && r.Tier.StartsWith("T2")).Select(r => r.Extra["rssMaxMB"]).DefaultIfEmpty(double.NaN).Max();
        var idle = await bench.IdleCores();
        bench.ServiceFigures.Add((round, bench.Service.StartToFirstAccepted, underLoad, bench.Service.MemoryMB().Peak, idle.Service, idle.Postgres));
        await bench.Service.DisposeAsync();
        bench.Service = null;

        if (!config.Runs(unsealed.Id)) continue;
        bench.Service = await Service.Start(config, api, db, bench.NextEvent(), sealing: false);
        // Warmed as T2-16's node was: a node in its first minute is still compiling, and the ratio would measure that.
        await ServiceIngest.Single(bench, 16, config.NodeWarmup);
        await bench.Measure(unsealed, round);
        await bench.Service.DisposeAsync();
        bench.Service = null;
    }
    // Once per process, after the rounds, on a service start of its own: its backlog would weigh on the other tiers.
    if (config.Runs(Catchup.Tier.Id)) await Catchup.Run(bench, config.Rounds);
}
finally
{
    if (bench.Service is { } service) await service.DisposeAsync();
}

Console.Write(Report.Write(bench, [.. withoutService, first, .. onService, unsealed, Catchup.Tier], settings));

// The server settings the figures depend on, printed with them.
static async Task<Dictionary<string, string>> ServerSettings(NpgsqlDataSource db)
{
    await using var command = db.CreateCommand("""
        select name, current_setting(name) from pg_settings
        where name in ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', 'commit_delay',
                       'wal_level', 'shared_buffers', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout', 'max_connections')
        order by name
        """);
    var settings = new Dictionary<string, string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) settings[reader.GetString(0)] = reader.GetString(1);
    return settings;
}
