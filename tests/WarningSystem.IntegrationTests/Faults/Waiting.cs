using System.Diagnostics;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>Bounded waits on a condition: the scenarios never sleep for a guessed time.</summary>
public static class Waiting
{
    public static async Task<TimeSpan> Until(Func<bool> condition, string what, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (patience ?? TimeSpan.FromSeconds(60))) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(10);
        }
        return clock.Elapsed;
    }

    /// <summary>The same for a condition that asks the database: polled every 200 ms.</summary>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (patience ?? TimeSpan.FromSeconds(60))) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(200);
        }
        return clock.Elapsed;
    }
}
