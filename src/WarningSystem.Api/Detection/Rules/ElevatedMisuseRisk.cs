using WarningSystem.Ingest;
using WarningSystem.Protocols;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// The composite: signals that are each moderate add up. Every behavioural rule that fired within the window adds
/// its weight once, a documented risk factor adds its own, and the rule fires when the score reaches the
/// threshold at an event that is part of that evidence. Never risk-modulated: the risk factor is already a term.
/// Built from the rule set it weighs, so a new rule joins the score, and its weight the settings, by itself.
/// </summary>
public sealed class ElevatedMisuseRisk : Rule
{
    public new const string Id = "elevated-misuse-risk";

    /// <summary><paramref name="Weights"/> by rule id; a rule with no weight here (or zero) does not contribute.</summary>
    public sealed record CompositeSettings(int WindowDays, int Threshold, int RiskFactorWeight, IReadOnlyDictionary<string, int> Weights)
    {
        public int WeightOf(string ruleId) => Weights.GetValueOrDefault(ruleId);
    }

    /// <summary>One term of the score: what it is, its weight, and the events behind it.</summary>
    sealed record Term(string Label, int Weight, IReadOnlyList<TimelineEntry> Evidence);

    readonly IReadOnlyList<Rule> weighed;

    public ElevatedMisuseRisk(IReadOnlyList<Rule> behavioural)
        : base(Id, 1, Severity.High,
            "Weighted behavioural findings within the window, plus a documented risk factor, reaching the threshold.",
            "Clears when the weights of the rules that fired within windowDays, plus riskFactorWeight for a risk factor " +
            "in the latest screening, add up to less than the threshold.")
    {
        weighed = behavioural.Where(r => r.Weight > 0).ToList();
        Section = new CompositeSection(ProtocolSection.NameFor(Id),
            new CompositeSettings(30, 6, 2, weighed.ToDictionary(r => r.Id, r => r.Weight)), weighed);
    }

    public ProtocolSection<CompositeSettings> Section { get; }

    public override ProtocolSection Settings => Section;

    public override int WindowDays(Protocol protocol) => protocol.Get(Section).WindowDays;

    public override Finding? Evaluate(PatientTimeline history, Protocol protocol) =>
        Evaluate(history, protocol, new PrefixFindings(history, protocol).At);

    /// <summary>
    /// The composite, given each weighed rule's finding on the history ending at each index of this one: a caller
    /// that keeps those (the detector, between a patient's events) spares judging every point again.
    /// </summary>
    public Finding? Evaluate(PatientTimeline history, Protocol protocol, Func<Rule, int, Finding?> findingAt)
    {
        if (history.Entries.Count == 0) return null;
        var anchor = history.Latest;
        var s = protocol.Get(Section);

        var terms = RuleTerms(history, s, findingAt).ToList();
        if (history.LatestOf<RiskScreeningRecorded>(anchor.OccurredAt) is (var screeningEntry, var screening)
            && RiskFactors(screening) is { Count: > 0 } factors && s.RiskFactorWeight > 0)
            terms.Add(new($"{AndList(factors)} in the {JsonNames.Of(screening.Instrument)} screening of {Date(screeningEntry)}",
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

    /// <summary>Each weighed rule that fired at an event in the window is one term, its evidence the union of its findings'.</summary>
    IEnumerable<Term> RuleTerms(PatientTimeline history, CompositeSettings s, Func<Rule, int, Finding?> findingAt)
    {
        var anchorAt = history.Latest.OccurredAt;
        var window = Days(s.WindowDays);
        var rules = weighed.Where(r => s.WeightOf(r.Id) > 0).ToList();
        var found = rules.ToDictionary(r => r.Id, _ => new List<TimelineEntry>());
        for (var k = 0; k < history.Entries.Count; k++)
        {
            if (anchorAt - history.Entries[k].OccurredAt >= window) continue;
            foreach (var rule in rules)
                if (findingAt(rule, k) is { } finding)
                    found[rule.Id].AddRange(finding.Evidence);
        }
        return rules.Where(r => found[r.Id].Count > 0)
            .Select(r => new Term(r.Id, s.WeightOf(r.Id), Evidence(found[r.Id])));
    }
}
