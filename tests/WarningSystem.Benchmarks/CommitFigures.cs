using System.Globalization;

namespace WarningSystem.Benchmarks;

/// <summary>
/// The service's group commits as its own metrics count them (<c>GET /metrics</c>): how many events a commit carried and
/// how long its two phases took, the lookup of retried events and the append with its commit. Read before and after a
/// tier, the difference says where that tier's wait for a commit went.
/// </summary>
public sealed record CommitFigures(double Events, double Commits, double LookupSeconds, double AppendSeconds, double Timed)
{
    public static CommitFigures Parse(string prometheus)
    {
        double events = 0, commits = 0, lookup = 0, append = 0, timed = 0;
        foreach (var line in prometheus.Split('\n'))
        {
            if (!line.StartsWith("warningsystem_ingest_commit_", StringComparison.Ordinal)) continue;
            var name = line[..line.IndexOfAny(['{', ' '])];
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            var size = name.StartsWith("warningsystem_ingest_commit_size", StringComparison.Ordinal);
            var phase = line.Contains("phase=\"lookup\"") ? "lookup" : line.Contains("phase=\"append\"") ? "append" : null;
            switch (name)
            {
                case var n when size && n.EndsWith("_sum"): events += value; break;
                case var n when size && n.EndsWith("_count"): commits += value; break;
                case var n when phase == "lookup" && n.EndsWith("_sum"): lookup += value; break;
                case var n when phase == "append" && n.EndsWith("_sum"): append += value; break;
                case var n when phase == "append" && n.EndsWith("_count"): timed += value; break;
            }
        }
        return new(events, commits, lookup, append, timed);
    }

    /// <summary>Events per commit and the mean phases (ms) between two readings; nothing when no commit ran between them.</summary>
    public static IEnumerable<KeyValuePair<string, double>> Between(CommitFigures before, CommitFigures after)
    {
        var (commits, timed) = (after.Commits - before.Commits, after.Timed - before.Timed);
        if (commits <= 0 || timed <= 0) yield break;
        yield return new("eventsPerCommit", (after.Events - before.Events) / commits);
        yield return new("lookupMs", 1000 * (after.LookupSeconds - before.LookupSeconds) / timed);
        yield return new("appendMs", 1000 * (after.AppendSeconds - before.AppendSeconds) / timed);
    }
}
