using WarningSystem.Ingest;
using WarningSystem.Protocols;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// What a newly recorded event changes: every rule evaluated at the new event and at each later event within the
/// longest rule window (a late event can complete a pattern at an anchor after it), keeping only findings the new
/// event is evidence of, merged to one per rule and risk-modulated. Pure and deterministic.
/// </summary>
public static class Detector
{
    public static IReadOnlyList<Finding> Detect(RuleSet rules, PatientTimeline known, string newEventId, Protocol protocol,
        FindingMemo? memo = null)
    {
        var i = known.IndexOf(newEventId);
        if (i < 0) return [];
        var newAt = known.Entries[i].OccurredAt;
        var horizon = Days(rules.MaxWindowDays(protocol));
        var at = new PrefixFindings(known, protocol, memo);

        var findings = new List<Finding>();
        // Entries are in event-time order, so every later index is at or after the new event.
        for (var j = i; j < known.Entries.Count && known.Entries[j].OccurredAt - newAt < horizon; j++)
            foreach (var rule in rules.All)
                if (at.At(rule, j) is { } f && f.Evidence.Any(e => e.EventId == newEventId))
                    findings.Add(f);
        memo?.Settle();

        return findings.GroupBy(f => f.RuleId)
            .Select(Merge)
            .Select(f => Modulate(f, known, protocol))
            .OrderBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// One finding per rule: all the evidence, the highest severity, and the wording of the most severe finding
    /// (the latest anchor among equals, the most complete picture).
    /// </summary>
    public static Finding Merge(IEnumerable<Finding> sameRule)
    {
        var all = sameRule.ToList();
        var lead = all.OrderByDescending(f => f.Severity)
            .ThenByDescending(f => f.Anchor, Comparer<TimelineEntry>.Create(CompareInTimeline)).First();
        return lead with { Evidence = Evidence(all.SelectMany(f => f.Evidence)) };
    }

    /// <summary>
    /// Raises a behavioural finding one level when the latest risk screening at or before its anchor documents a
    /// risk factor: the same behaviour means more in a patient with a history of substance use.
    /// </summary>
    public static Finding Modulate(Finding finding, PatientTimeline history, Protocol protocol)
    {
        // The composite already counts the risk factor as a term; raising it too would count it twice.
        if (!protocol.Get(RuleSet.RiskModulation) || finding.RuleId == ElevatedMisuseRisk.Id || finding.Severity == Severity.Critical)
            return finding;
        if (history.LatestOf<RiskScreeningRecorded>(finding.Anchor.OccurredAt) is not (var entry, var screening)
            || RiskFactors(screening) is not { Count: > 0 } factors)
            return finding;

        return finding with
        {
            Severity = finding.Severity + 1,
            Explanation = $"{finding.Explanation} Raised one level: {AndList(factors)} documented in the " +
                          $"{JsonNames.Of(screening.Instrument)} screening of {Date(entry)}.",
        };
    }
}
