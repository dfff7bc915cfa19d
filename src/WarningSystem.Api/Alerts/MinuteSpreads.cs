namespace WarningSystem.Alerts;

/// <summary>
/// Median and 90th percentile of the times to acknowledge and to resolve, from <see cref="AlertReadModels.Minutes"/>:
/// the hourly counts say which hour holds each rank, and only that hour's counts per tenth of a minute are read. The
/// answer is the nearest-rank percentile (PostgreSQL's <c>percentile_disc</c>) of the durations to the tenth of a
/// minute, however many alerts there are.
/// </summary>
public static class MinuteSpreads
{
    public const string Acknowledge = "acknowledge", Resolve = "resolve";
    static readonly double[] Fractions = [0.5, 0.9];

    /// <summary>A count of durations in one bucket (a tenth of a minute, or an hour of them).</summary>
    public sealed record Bucket(string Measure, long At, int Alerts);

    public static async Task<(AlertTallies.Spread Acknowledge, AlertTallies.Spread Resolve)> ReadAsync(
        IQuerySession session, string clinicId, CancellationToken token)
    {
        var table = AlertReadModels.Name(session, AlertReadModels.Minutes);
        var hours = await ReadBucketsAsync(session, $"tenant_id = ? and scale = {AlertReadModels.HourScale}", [clinicId], table, token);
        var wanted = new List<(string Measure, long Hour)>();
        foreach (var measure in new[] { Acknowledge, Resolve })
        {
            var inMeasure = hours.Where(h => h.Measure == measure).ToList();
            foreach (var fraction in Fractions)
                if (Locate(inMeasure, Rank(fraction, inMeasure.Sum(h => h.Alerts))) is { } at) wanted.Add((measure, at.Bucket.At));
        }
        var tenths = wanted.Count == 0 ? [] : await ReadBucketsAsync(session,
            "tenant_id = ? and scale = 1 and (" + string.Join(" or ", wanted.Select(_ => "(measure = ? and bucket >= ? and bucket < ?)")) + ")",
            [clinicId, .. wanted.SelectMany(w => new object[] { w.Measure, w.Hour * AlertReadModels.HourScale, (w.Hour + 1) * AlertReadModels.HourScale })],
            table, token);
        return (Of(Acknowledge, hours, tenths), Of(Resolve, hours, tenths));
    }

    /// <summary>The spread of one measure from its hourly counts and the per-tenth counts of the hours that matter. Pure.</summary>
    public static AlertTallies.Spread Of(string measure, IReadOnlyList<Bucket> hours, IReadOnlyList<Bucket> tenths)
    {
        var inMeasure = hours.Where(h => h.Measure == measure).ToList();
        var count = inMeasure.Sum(h => h.Alerts);
        if (count == 0) return new(0, null, null);
        var values = Fractions.Select(fraction =>
        {
            var rank = Rank(fraction, count);
            var (hour, before) = Locate(inMeasure, rank)!.Value;
            var inHour = tenths.Where(t => t.Measure == measure && t.At >= hour.At * AlertReadModels.HourScale
                && t.At < (hour.At + 1) * AlertReadModels.HourScale).ToList();
            return Locate(inHour, rank - before)!.Value.Bucket.At / 10.0;
        }).ToArray();
        return new(count, values[0], values[1]);
    }

    /// <summary>The rank of the nearest-rank percentile: the first value whose cumulative share reaches the fraction.</summary>
    public static int Rank(double fraction, int count) => Math.Max(1, (int)Math.Ceiling(fraction * count));

    /// <summary>The bucket holding the value of that rank (1-based), and how many values come before the bucket.</summary>
    public static (Bucket Bucket, int Before)? Locate(IReadOnlyList<Bucket> ordered, int rank)
    {
        var before = 0;
        foreach (var bucket in ordered.OrderBy(b => b.At))
        {
            if (before + bucket.Alerts >= rank) return (bucket, before);
            before += bucket.Alerts;
        }
        return null;
    }

    static async Task<IReadOnlyList<Bucket>> ReadBucketsAsync(IQuerySession session, string where, object[] parameters,
        string table, CancellationToken token) =>
        await session.AdvancedSql.QueryAsync<Bucket>(
            $"select jsonb_build_object('measure', measure, 'at', bucket, 'alerts', alerts) from {table} where {where} and alerts > 0",
            token, parameters);
}
