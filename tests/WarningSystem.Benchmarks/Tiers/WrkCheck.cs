using System.Diagnostics;
using System.Globalization;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T2 measured by an independent client, wrk (C, event loop, 2 threads, 16 connections), with wrk-ingest.lua
/// giving every request a unique eventId. Its figure beside the benchmark's own shows whether the .NET load
/// generator limits T2.
/// </summary>
public static class WrkCheck
{
    public static async Task<LoadResult> Run(Bench bench, int connections, TimeSpan duration)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "wrk-ingest.lua");
        var start = new ProcessStartInfo("wrk")
        {
            ArgumentList =
            {
                "-t2", $"-c{connections}", $"-d{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}s", "--timeout", "10s",
                "-s", script, bench.Config.BaseUrl, "--", bench.Config.Clinic, bench.Config.IngestKey, $"{bench.Config.Run}-w{bench.NextEvent()}",
            },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        // wrk's CPU is read from this process's reaped-children total: wrk is the only child that exits meanwhile.
        var reaped = ProcStat.ReapedChildrenCpuSeconds(Environment.ProcessId);
        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var loadCpu = ProcStat.ReapedChildrenCpuSeconds(Environment.ProcessId) - reaped;

        // wrk-result <requests> <duration µs> <non-2xx> <socket errors> <p50 µs> <p99 µs> <p99.9 µs>
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("wrk-result "))
            ?? throw new InvalidOperationException($"wrk printed no result: {output}{errors}");
        var f = line.Split(' ').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var failed = (long)(f[2] + f[3]);
        var (p50, p99, p999) = (f[4] / 1000, f[5] / 1000, f[6] / 1000);
        return new LoadResult((long)f[0] - failed, f[1] / 1e6, [], failed)
        {
            LoadCpuSeconds = loadCpu,
            Extra = { ["p50Ms"] = p50, ["p99Ms"] = p99, ["p999Ms"] = p999 },
        };
    }
}
