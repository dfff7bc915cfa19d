using Route = WarningSystem.Ingest.Route;
using WarningSystem.Ingest;
using WarningSystem.Protocols;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// A dose above what was authorized (beyond the tolerance), above a hard ceiling, or an esketamine step larger
/// than the protocol allows. Evaluated at each DoseGiven.
/// </summary>
public static class DoseAboveAuthorized
{
    public const string Id = "dose-above-authorized";

    public sealed record Settings(
        [property: MayBeZero] decimal TolerancePercent = 10, decimal CeilingMgPerKg = 0.8m, decimal CeilingEsketamineMg = 84,
        decimal EsketamineStepMg = 28);

    public static readonly Rule<Settings> Rule = new(Id, version: 1, Severity.High, weight: 3,
        "A dose above the authorized dose by more than the tolerance, above a hard ceiling, or an esketamine step too large.",
        new Settings(), windowDays: _ => 0, Evaluate,
        clears: "Clears when each dose stays within the authorized dose (the latest DoseIncreaseAuthorized, else" +
            " the plan) plus tolerancePercent, below ceilingMgPerKg (IV/IM) and ceilingEsketamineMg, and an " +
            "esketamine dose rises at most esketamineStepMg over the previous one.");

    /// <summary>One reason the dose is too high, worded for the explanation and the summary.</summary>
    sealed record Breach(decimal Dose, string Unit, string Clause, string Short, TimelineEntry? Evidence);

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<DoseGiven>(history, out var anchor, out var dose)) return null;

        var breaches = new List<Breach>();
        if (AboveAuthorized(history, anchor, dose, s) is { } authorized) breaches.Add(authorized);
        if (dose.Route is Route.IV or Route.IM && dose.DoseMgPerKg is { } perKg && perKg > s.CeilingMgPerKg)
            breaches.Add(new(perKg, "mg/kg", $"the hard ceiling of {Num(s.CeilingMgPerKg)} mg/kg for IV/IM",
                $"ceiling {Num(s.CeilingMgPerKg)} mg/kg", null));
        if (dose.Drug == Drug.Esketamine && dose.DoseMg > s.CeilingEsketamineMg)
            breaches.Add(new(dose.DoseMg, "mg", $"the esketamine ceiling of {Num(s.CeilingEsketamineMg)} mg",
                $"ceiling {Num(s.CeilingEsketamineMg)} mg", null));
        if (EsketamineStep(history, anchor, dose, s) is { } step) breaches.Add(step);
        if (breaches.Count == 0) return null;

        var lead = breaches[0];
        // A clause in another unit than the lead one says which value it judged, so no number is misread.
        var clauses = breaches.Select(b => b.Unit == lead.Unit ? b.Clause : $"{b.Clause} (dose {Num(b.Dose)} {b.Unit})").ToList();
        var joined = clauses.Count == 1 ? clauses[0] : string.Join(", ", clauses.Take(clauses.Count - 1)) + ", and " + clauses[^1];
        var doseText = $"{Num(lead.Dose)} {lead.Unit}";
        return new Finding(Id, Severity.High, anchor,
            Evidence(breaches.Select(b => b.Evidence).OfType<TimelineEntry>().Append(anchor)),
            $"Dose {doseText} above {AndList(breaches.Select(b => b.Short).ToList())}",
            $"Dose {doseText} on {Date(anchor)} exceeds {joined}.");
    }

    /// <summary>
    /// The authorized dose is the latest authorized increase, else the latest plan. Compared in mg/kg when both
    /// sides have it, in mg when both have mg; with no common unit there is nothing to compare.
    /// </summary>
    static Breach? AboveAuthorized(PatientTimeline history, TimelineEntry anchor, DoseGiven dose, Settings s)
    {
        (TimelineEntry Entry, decimal? PerKg, decimal? Mg, string Source)? authorization =
            history.LatestOf<DoseIncreaseAuthorized>(anchor.OccurredAt) is { } inc
                ? (inc.Entry, inc.Data.NewDoseMgPerKg, inc.Data.NewDoseMg, $"dose increase authorized on {Date(inc.Entry)}")
                : history.LatestOf<TreatmentPlanPrescribed>(anchor.OccurredAt) is { } plan
                    ? (plan.Entry, plan.Data.DoseMgPerKg, plan.Data.DoseMg, $"plan of {Date(plan.Entry)}")
                    : null;
        if (authorization is not { } a) return null;

        (decimal Authorized, decimal Given, string Unit)? pair =
            a.PerKg is { } authPerKg && dose.DoseMgPerKg is { } givenPerKg ? (authPerKg, givenPerKg, "mg/kg")
            : a.Mg is { } authMg ? (authMg, dose.DoseMg, "mg")
            : null;
        if (pair is not { } p || p.Given <= p.Authorized * (1 + s.TolerancePercent / 100)) return null;

        return new(p.Given, p.Unit,
            $"the authorized {Num(p.Authorized)} {p.Unit} ({a.Source}) by more than {Num(s.TolerancePercent)}%",
            $"authorized {Num(p.Authorized)} {p.Unit}", a.Entry);
    }

    /// <summary>Esketamine is titrated in fixed device steps, so a jump over one step is a finding by itself.</summary>
    static Breach? EsketamineStep(PatientTimeline history, TimelineEntry anchor, DoseGiven dose, Settings s)
    {
        if (dose.Drug != Drug.Esketamine) return null;
        var previous = history.Of<DoseGiven>()
            .Where(x => x.Entry.EventId != anchor.EventId && x.Data.Drug == Drug.Esketamine)
            .Select(x => ((TimelineEntry Entry, DoseGiven Data)?)x).LastOrDefault();
        if (previous is not { } p || dose.DoseMg - p.Data.DoseMg <= s.EsketamineStepMg) return null;
        var (entry, prior) = p;

        return new(dose.DoseMg, "mg",
            $"the previous esketamine dose of {Num(prior.DoseMg)} mg ({Date(entry)}) by more than {Num(s.EsketamineStepMg)} mg",
            $"previous {Num(prior.DoseMg)} mg by more than {Num(s.EsketamineStepMg)} mg", entry);
    }
}
