using System.Diagnostics;

namespace WarningSystem.Benchmarks;

/// <summary>What one load phase did. Latencies are per operation (one event, or one 100-event commit or request).</summary>
public sealed record LoadResult(long Events, double Seconds, double[] LatenciesMs, long Errors)
{
    /// <summary>CPU of an outside load generator (wrk), when the benchmark process is not the one generating load.</summary>
    public double? LoadCpuSeconds { get; init; }

    /// <summary>Tier-specific figures (T3's missed and duplicate alerts, its ingest latency).</summary>
    public Dictionary<string, double> Extra { get; init; } = [];
}

/// <summary>Closed-loop and open-loop drivers. An operation gets a unique number and returns the events it stored.</summary>
public static class Load
{
    /// <summary>Closed loop: each of the workers starts its next operation when the previous one answered.</summary>
    public static async Task<LoadResult> Closed(int inFlight, TimeSpan duration, Func<long, Task<int>> operation)
    {
        long next = 0, events = 0, errors = 0;
        var latencies = new List<double>[inFlight];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                var stored = await Attempt(operation, Interlocked.Increment(ref next));
                if (stored == 0) { Interlocked.Increment(ref errors); continue; }
                Interlocked.Add(ref events, stored);
                mine.Add((clock.Elapsed - started).TotalMilliseconds);
            }
        })));
        return new LoadResult(events, clock.Elapsed.TotalSeconds, [.. latencies.SelectMany(l => l).Order()], errors);
    }

    /// <summary>
    /// Open loop: operation i starts at i / rate seconds whether or not earlier ones have answered, and its latency
    /// counts from that due time, so a stall shows as latency instead of silently lowering the offered rate.
    /// </summary>
    public static async Task<LoadResult> Open(double rate, TimeSpan duration, Func<long, Task<int>> operation)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        long events = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        var running = new List<Task>((int)total);
        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due - clock.Elapsed is { TotalMilliseconds: > 1 } wait) await Task.Delay(wait);
            running.Add(Run(i, due));
        }
        await Task.WhenAll(running);
        return new LoadResult(events, clock.Elapsed.TotalSeconds, [.. latencies.Where(l => l > 0).Order()], errors);

        async Task Run(long i, TimeSpan due)
        {
            var stored = await Attempt(operation, i);
            if (stored == 0) { Interlocked.Increment(ref errors); return; }
            Interlocked.Add(ref events, stored);
            latencies[i] = (clock.Elapsed - due).TotalMilliseconds;
        }
    }

    static async Task<int> Attempt(Func<long, Task<int>> operation, long n)
    {
        try { return await operation(n); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Counted as errors; the first few are shown so a systematic failure is not mistaken for slowness.
            if (Interlocked.Increment(ref shown) <= 3) Console.Error.WriteLine($"  operation failed: {e.GetType().Name}: {e.Message}");
            return 0;
        }
    }

    static int shown;

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
