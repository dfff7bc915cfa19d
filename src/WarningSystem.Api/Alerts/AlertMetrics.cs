namespace WarningSystem.Alerts;

/// <summary>
/// How a clinic's alerts are handled: time to acknowledge and to resolve (from detection), escalations, and
/// resolution codes per rule. The share of false positives per rule tells a clinic which thresholds to tune.
/// </summary>
public sealed record AlertMetrics(
    int Total, IReadOnlyDictionary<string, int> ByStatus, Durations TimeToAcknowledge, Durations TimeToResolve,
    int Escalated, IReadOnlyList<RuleMetrics> Rules)
{
    /// <summary>The metrics from the clinic's tallies: every status and every rule named, counted or not.</summary>
    public static AlertMetrics From(AlertTallies tallies, IEnumerable<string> ruleIds) => new(
        tallies.Total,
        Enum.GetValues<AlertStatus>().Select(JsonNames.Of).ToDictionary(s => s, s => tallies.ByStatus.GetValueOrDefault(s)),
        Durations.Of(tallies.Acknowledge), Durations.Of(tallies.Resolve), tallies.Escalated,
        ruleIds.Select(id => RuleMetrics.Of(id, tallies.Rules.FirstOrDefault(r => r.RuleId == id))).ToList());
}

/// <summary>Count, median and 90th percentile in minutes; null when there is nothing to measure.</summary>
public sealed record Durations(int Count, double? MedianMinutes, double? P90Minutes)
{
    public static Durations Of(AlertTallies.Spread spread) => spread.Count == 0 ? new(0, null, null)
        : new(spread.Count, Math.Round(spread.Median!.Value, 1), Math.Round(spread.P90!.Value, 1));
}

/// <param name="CardsAccepted">CDS Hooks cards of the rule's alerts that clinicians accepted in the EHR.</param>
/// <param name="CardsOverridden">Those they overrode: with the false positives, what says a threshold is wrong.</param>
public sealed record RuleMetrics(
    string RuleId, int Raised, int Resolved, IReadOnlyDictionary<string, int> Resolutions, double? FalsePositiveShare,
    int CardsAccepted, int CardsOverridden)
{
    public static RuleMetrics Of(string ruleId, AlertTallies.Rule? tally)
    {
        var resolutions = tally?.Resolutions ?? new Dictionary<string, int>();
        var resolved = tally?.Resolved ?? 0;
        return new(ruleId, tally?.Raised ?? 0, resolved, resolutions,
            resolved == 0 ? null : Math.Round((double)resolutions.GetValueOrDefault(JsonNames.Of(Resolution.FalsePositive)) / resolved, 3),
            tally?.CardsAccepted ?? 0, tally?.CardsOverridden ?? 0);
    }
}

/// <summary>The clinic's alert handling measures.</summary>
public static class GetAlertMetricsEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverineGet("/api/clinics/{clinicId}/alerts/metrics")]
    public static async Task<AlertMetrics> Get(string clinicId, IQuerySession session, Detection.RuleSet rules, CancellationToken token) =>
        AlertMetrics.From(await AlertTallies.CountAsync(session, clinicId, token), rules.All.Select(r => r.Id));
}
