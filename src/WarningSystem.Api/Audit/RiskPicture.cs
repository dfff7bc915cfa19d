using WarningSystem.Detection;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Audit;

/// <summary>
/// A patient's risk as a history shows it, at the history's last event: the plan and authorized dose, the latest
/// doses, how often each rule matched in its window, and the composite score. Pure: the same history, protocol and
/// rules give the same picture, which is what makes an as-of answer reproducible.
/// </summary>
public static class RiskPicture
{
    const int RecentDoses = 5;

    public static PatientRisk Of(PatientTimeline history, Protocol protocol, RuleSet rules)
    {
        if (history.Entries.Count == 0) return new(null, null, [], [], new(0, 0, []));
        var until = history.Entries.Max(e => e.OccurredAt);
        var plan = history.LatestOf<TreatmentPlanPrescribed>(until);
        var increase = history.LatestOf<DoseIncreaseAuthorized>(until);
        AuthorizedDose? authorized = increase is var (ie, id) && (plan is null || CompareInTimeline(plan.Value.Entry, ie) < 0)
            ? new(id.NewDoseMgPerKg, id.NewDoseMg, "increase", ie.EventId, ie.OccurredAt)
            : plan is var (pe, pd) ? new(pd.DoseMgPerKg, pd.DoseMg, "plan", pe.EventId, pe.OccurredAt) : null;

        var composite = protocol.Get(rules.Composite.Section);
        var counts = rules.All.Where(r => r.Id != ElevatedMisuseRisk.Id)
            .Select(r => Count(r, history, protocol, until, r.WindowDays(protocol) is > 0 and var d ? d : composite.WindowDays))
            .ToList();
        return new(
            plan is var (e, p) ? new(e.EventId, e.OccurredAt, p) : null, authorized,
            history.Of<DoseGiven>().TakeLast(RecentDoses).Select(x => new RecentDose(x.Entry.EventId, x.Entry.OccurredAt, x.Data)).ToList(),
            counts, Score(rules, history, protocol, counts, until));
    }

    /// <summary>How many events in the window the rule matched at, and how many events those matches rest on.</summary>
    static RuleCount Count(Rule rule, PatientTimeline history, Protocol protocol, DateTimeOffset until, int days)
    {
        var (matches, evidence) = (0, new HashSet<string>());
        for (var k = 0; k < history.Entries.Count; k++)
        {
            if (until - history.Entries[k].OccurredAt >= RuleHelpers.Days(days)) continue;
            if (rule.Evaluate(history.UpTo(k), protocol) is not { } finding) continue;
            matches++;
            evidence.UnionWith(finding.Evidence.Select(x => x.EventId));
        }
        return new(rule.Id, days, matches, evidence.Count);
    }

    /// <summary>The composite's score as it adds it up: each weighed rule that matched in its window, and a risk factor.</summary>
    static CompositeScore Score(RuleSet rules, PatientTimeline history, Protocol protocol, IReadOnlyList<RuleCount> counts, DateTimeOffset until)
    {
        var s = protocol.Get(rules.Composite.Section);
        var terms = rules.Behavioural.Where(r => s.WeightOf(r.Id) > 0)
            .Select(r => (r.Id, Window: s.WindowDays, Count(r, history, protocol, until, s.WindowDays).Matches))
            .Where(t => t.Matches > 0).Select(t => new ScoreTerm(t.Id, s.WeightOf(t.Id))).ToList();
        if (history.LatestOf<RiskScreeningRecorded>(until) is var (_, screening) && RuleHelpers.RiskFactors(screening).Count > 0)
            terms.Add(new("risk-factor", s.RiskFactorWeight));
        return new(terms.Sum(t => t.Weight), s.Threshold, terms);
    }

    static int CompareInTimeline(TimelineEntry a, TimelineEntry b) => RuleHelpers.CompareInTimeline(a, b);
}

public sealed record PatientRisk(
    CurrentPlan? Plan, AuthorizedDose? AuthorizedDose, IReadOnlyList<RecentDose> RecentDoses, IReadOnlyList<RuleCount> Rules,
    CompositeScore Composite);

public sealed record CurrentPlan(string EventId, DateTimeOffset OccurredAt, TreatmentPlanPrescribed Plan);

/// <summary>The dose in force: the latest authorized increase after the plan, else the plan's own.</summary>
public sealed record AuthorizedDose(decimal? DoseMgPerKg, decimal? DoseMg, string Source, string EventId, DateTimeOffset OccurredAt);

public sealed record RecentDose(string EventId, DateTimeOffset OccurredAt, DoseGiven Dose);

/// <summary>Over <c>windowDays</c> ending at the last event: events the rule matched at, and the events behind them.</summary>
public sealed record RuleCount(string RuleId, int WindowDays, int Matches, int EvidenceEvents);

public sealed record ScoreTerm(string Term, int Weight);

public sealed record CompositeScore(int Score, int Threshold, IReadOnlyList<ScoreTerm> Terms);
