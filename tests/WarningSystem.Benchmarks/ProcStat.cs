using System.Runtime.InteropServices;

namespace WarningSystem.Benchmarks;

/// <summary>
/// CPU and memory as the kernel accounts them, from /proc. A process's CPU is utime + stime (fields 14 and 15 of
/// /proc/PID/stat). PostgreSQL's CPU is the postmaster's own, plus cutime + cstime (fields 16 and 17: the CPU of
/// children it has already reaped, such as backends whose connection closed), plus utime + stime of every live
/// child (backends, WAL writer, checkpointer, autovacuum...). A difference of two readings is the CPU spent between them.
/// </summary>
public static class ProcStat
{
    [DllImport("libc")] static extern long sysconf(int name);
    const int ClockTicksPerSecond = 2; // _SC_CLK_TCK
    static readonly double SecondsPerTick = 1.0 / sysconf(ClockTicksPerSecond);

    public static double ProcessCpuSeconds(int pid) =>
        Fields(pid) is { } f ? (long.Parse(f[14]) + long.Parse(f[15])) * SecondsPerTick : 0;

    /// <summary>CPU of this process's children that have exited and been reaped (cutime + cstime): how wrk's CPU is read.</summary>
    public static double ReapedChildrenCpuSeconds(int pid) =>
        Fields(pid) is { } f ? (long.Parse(f[16]) + long.Parse(f[17])) * SecondsPerTick : 0;

    public static double PostgresCpuSeconds(int postmaster)
    {
        var own = Fields(postmaster) ?? throw new InvalidOperationException("the postmaster is gone");
        var ticks = long.Parse(own[14]) + long.Parse(own[15]) + long.Parse(own[16]) + long.Parse(own[17]);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == postmaster) continue;
            if (Fields(pid) is { } f && f[4] == postmaster.ToString()) ticks += long.Parse(f[14]) + long.Parse(f[15]);
        }
        return ticks * SecondsPerTick;
    }

    /// <summary>
    /// CPU the whole machine spent on all processes (/proc/stat: user, nice, system, irq, softirq), and the time the
    /// hypervisor gave this machine's cores to other machines (steal). Less the processes measured, the first tells how
    /// much else ran here during a tier; the second, how much of the two cores a virtual machine's neighbours took.
    /// </summary>
    public static (double Busy, double Steal) MachineSeconds()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(f[i])) * SecondsPerTick, long.Parse(f[8]) * SecondsPerTick);
    }

    /// <summary>Resident memory now and its peak over the process's life (VmRSS, VmHWM), in MB (10^6 bytes).</summary>
    public static (double Rss, double Peak) MemoryMB(int pid)
    {
        double Read(string[] lines, string key) =>
            lines.FirstOrDefault(l => l.StartsWith(key)) is { } line ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024 / 1e6 : double.NaN;
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/status");
            return (Read(lines, "VmRSS:"), Read(lines, "VmHWM:"));
        }
        catch (IOException) { return (double.NaN, double.NaN); }
    }

    /// <summary>The stat fields numbered as in proc(5), 1-based; null when the process has gone.</summary>
    static string[]? Fields(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // The command name (field 2) is in parentheses and may contain spaces: split after its closing one.
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ["", stat[..stat.IndexOf(' ')], "", .. afterName];
    }
}
