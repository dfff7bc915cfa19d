using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// The composite: signals that are each moderate add up. Every behavioural rule that fired within the window adds
/// its weight once, a documented risk factor adds its own, and the rule fires when the score reaches the
/// threshold at an event that is part of that evidence. Never risk-modulated: the risk factor is already a term.
/// </summary>
public static class ElevatedMisuseRisk
{
    public const string Id = "elevated-misuse-risk";

    public static readonly Rule Rule = new(Id, 1, Severity.High,
        "Weighted behavioural findings within the window, plus a documented risk factor, reaching the threshold.",
        Evaluate);

    /// <summary>One term of the score: what it is, its weight, and the events behind it.</summary>
    sealed record Term(string Label, int Weight, IReadOnlyList<TimelineEntry> Evidence);

    public static Finding? Evaluate(PatientTimeline history, Protocol protocol)
    {
        if (history.Entries.Count == 0) return null;
        var anchor = history.Latest;
        var s = protocol.ElevatedMisuseRisk;

        var terms = RuleTerms(history, protocol, s).ToList();
        if (history.LatestOf<RiskScreeningRecorded>(anchor.OccurredAt) is (var screeningEntry, var screening)
            && RiskFactors(screening) is { Count: > 0 } factors && s.RiskFactorWeight > 0)
            terms.Add(new($"{AndList(factors)} in the {JsonName(screening.Instrument)} screening of {Date(screeningEntry)}",
                s.RiskFactorWeight, [screeningEntry]));

        var score = terms.Sum(t => t.Weight);
        // Fire only where the score is completed: at an event that is itself evidence of a term, so later
        // unrelated events do not repeat the finding.
        if (score < s.Threshold || !terms.Any(t => t.Evidence.Any(e => e.EventId == anchor.EventId))) return null;

        var parts = terms.Select(t => $"{t.Label} (weight {t.Weight})").ToList();
        return new Finding(Id, Severity.High, anchor, Evidence(terms.SelectMany(t => t.Evidence)),
            $"Misuse risk score {score} (threshold {s.Threshold}) from {Plural(terms.Count, "signal", "signals")}",
            $"Misuse risk score {score} reaches the threshold of {s.Threshold} in the {s.WindowDays} days ending " +
            $"{Date(anchor)}: {AndList(parts)}.");
    }

    /// <summary>
    /// Each behavioural rule evaluated at every event in the window, each history built once; a rule that fired
    /// at least once is one term, its evidence the union of its findings'.
    /// </summary>
    static IEnumerable<Term> RuleTerms(PatientTimeline history, Protocol protocol, ElevatedMisuseRiskSettings s)
    {
        var anchorAt = history.Latest.OccurredAt;
        var window = Days(s.WindowDays);
        var rules = RuleCatalog.Behavioural.Where(r => Weight(r.Id, s) > 0).ToList();
        var found = rules.ToDictionary(r => r.Id, _ => new List<TimelineEntry>());
        for (var k = 0; k < history.Entries.Count; k++)
        {
            if (anchorAt - history.Entries[k].OccurredAt >= window) continue;
            var upTo = history.UpTo(k);
            foreach (var rule in rules)
                if (rule.Evaluate(upTo, protocol) is { } finding)
                    found[rule.Id].AddRange(finding.Evidence);
        }
        return rules.Where(r => found[r.Id].Count > 0)
            .Select(r => new Term(r.Id, Weight(r.Id, s), Evidence(found[r.Id])));
    }

    /// <summary>A rule with no weight here (zero, or a rule added later) does not contribute.</summary>
    public static int Weight(string ruleId, ElevatedMisuseRiskSettings s) => ruleId switch
    {
        DoseAboveAuthorized.Id => s.DoseAboveAuthorizedWeight,
        ToleranceEscalation.Id => s.ToleranceEscalationWeight,
        FrequencyAbovePlan.Id => s.FrequencyAbovePlanWeight,
        OffScheduleRequests.Id => s.OffScheduleRequestsWeight,
        CravingOutsideSession.Id => s.CravingOutsideSessionWeight,
        MissedFollowUps.Id => s.MissedFollowUpsWeight,
        WithdrawalSigns.Id => s.WithdrawalSignsWeight,
        _ => 0,
    };
}
