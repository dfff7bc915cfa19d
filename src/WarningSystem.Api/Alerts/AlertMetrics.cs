using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>
/// How a clinic's alerts are handled: time to acknowledge and to resolve (from detection), escalations, and
/// resolution codes per rule. The share of false positives per rule tells a clinic which thresholds to tune.
/// </summary>
public sealed record AlertMetrics(
    int Total, IReadOnlyDictionary<string, int> ByStatus, Durations TimeToAcknowledge, Durations TimeToResolve,
    int Escalated, IReadOnlyList<RuleMetrics> Rules)
{
    public static AlertMetrics From(IReadOnlyList<Alert> alerts, IEnumerable<string> ruleIds) => new(
        alerts.Count,
        Enum.GetValues<AlertStatus>().ToDictionary(JsonNames.Of, s => alerts.Count(a => a.Status == s)),
        Durations.Of(alerts.Where(a => a.AcknowledgedAt is not null).Select(a => a.AcknowledgedAt!.Value - a.DetectedAt)),
        Durations.Of(alerts.Where(a => a.ResolvedAt is not null).Select(a => a.ResolvedAt!.Value - a.DetectedAt)),
        alerts.Count(a => a.EscalationLevel > 0),
        ruleIds.Select(id => RuleMetrics.Of(id, alerts.Where(a => a.RuleId == id).ToList())).ToList());
}

/// <summary>Count, median and 90th percentile in minutes; null when there is nothing to measure.</summary>
public sealed record Durations(int Count, double? MedianMinutes, double? P90Minutes)
{
    public static Durations Of(IEnumerable<TimeSpan> spans)
    {
        var minutes = spans.Select(s => s.TotalMinutes).Order().ToArray();
        return minutes.Length == 0 ? new(0, null, null)
            : new(minutes.Length, Math.Round(Percentile(minutes, 0.5), 1), Math.Round(Percentile(minutes, 0.9), 1));
    }

    /// <summary>Nearest-rank percentile: always a value that was actually observed.</summary>
    static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <param name="CardsAccepted">CDS Hooks cards of the rule's alerts that clinicians accepted in the EHR.</param>
/// <param name="CardsOverridden">Those they overrode: with the false positives, what says a threshold is wrong.</param>
public sealed record RuleMetrics(
    string RuleId, int Raised, int Resolved, IReadOnlyDictionary<string, int> Resolutions, double? FalsePositiveShare,
    int CardsAccepted, int CardsOverridden)
{
    public static RuleMetrics Of(string ruleId, IReadOnlyList<Alert> alerts)
    {
        var resolved = alerts.Where(a => a.Resolution is not null).ToList();
        var falsePositives = resolved.Count(a => a.Resolution == Resolution.FalsePositive);
        return new(ruleId, alerts.Count, resolved.Count,
            resolved.GroupBy(a => a.Resolution!.Value).ToDictionary(g => JsonNames.Of(g.Key), g => g.Count()),
            resolved.Count == 0 ? null : Math.Round((double)falsePositives / resolved.Count, 3),
            alerts.Sum(a => a.CardsAccepted), alerts.Sum(a => a.CardsOverridden));
    }
}

/// <summary>The clinic's alert handling measures.</summary>
public static class GetAlertMetricsEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverineGet("/api/clinics/{clinicId}/alerts/metrics")]
    public static async Task<AlertMetrics> Get(IQuerySession session, RuleSet rules, CancellationToken token) =>
        AlertMetrics.From(await session.Query<Alert>().ToListAsync(token), rules.All.Select(r => r.Id));
}
