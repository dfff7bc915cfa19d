namespace WarningSystem.Benchmarks;

/// <summary>What ops/bench.sh hands the benchmark process, through the environment.</summary>
public sealed record Config(
    int Seconds, int Rounds, string Postgres, string PgData, string ApiDll, int Port,
    string Clinic, string IngestKey, string ReadKey, string AuditKey, string OutDir, string Run, string[] Only)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    /// <summary>Outside the measured window: JIT, connection pools and caches warm up on the tier's own work.</summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(Math.Min(2, Seconds / 3.0));

    /// <summary>Load on a fresh node after its first 10 s, before the measured service tiers: the rest of its first minute.</summary>
    public TimeSpan NodeWarmup => TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("BENCH_NODE_WARMUP") ?? "50"));

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public bool Runs(string tier) => Only.Length == 0 || Only.Any(prefix => tier.StartsWith(prefix, StringComparison.Ordinal));

    public static Config FromEnvironment()
    {
        static string Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value : throw new InvalidOperationException($"{name} is not set: run the benchmark through ops/bench.sh");
        return new Config(
            int.Parse(Get("BENCH_SECONDS")), int.Parse(Environment.GetEnvironmentVariable("BENCH_ROUNDS") ?? "2"),
            Get("BENCH_PG"), Get("BENCH_PG_DATA"), Get("BENCH_API_DLL"), int.Parse(Get("BENCH_PORT")),
            Get("BENCH_CLINIC"), Get("BENCH_INGEST_KEY"), Get("BENCH_READ_KEY"), Get("BENCH_AUDIT_KEY"), Get("BENCH_OUT"),
            DateTime.UtcNow.ToString("HHmmss"),
            (Environment.GetEnvironmentVariable("BENCH_ONLY") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
    }
}
