using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>More doses in the window than the plan's weekly maximum allows. Evaluated at each DoseGiven.</summary>
public static class FrequencyAbovePlan
{
    public const string Id = "frequency-above-plan";

    public static readonly Rule Rule = new(Id, 1, Severity.Medium,
        "More doses within the window than the plan's maximum sessions per week.",
        Evaluate);

    public static Finding? Evaluate(PatientTimeline history, Protocol protocol)
    {
        if (!AnchorIs<DoseGiven>(history, out var anchor, out _)) return null;
        var s = protocol.FrequencyAbovePlan;

        var plan = history.LatestOf<TreatmentPlanPrescribed>(anchor.OccurredAt);
        var max = plan?.Data.MaxSessionsPerWeek ?? s.DefaultMaxSessionsPerWeek;
        var doses = history.Within<DoseGiven>(Days(s.WindowDays), anchor.OccurredAt).Select(x => x.Entry).ToList();
        if (doses.Count <= max) return null;

        var severity = doses.Count >= max + s.HighWhenOverBy ? Severity.High : Severity.Medium;
        var source = plan is { } p ? $"the plan of {Date(p.Entry)}" : "the protocol default, no plan on record";
        // The plan is evidence too: it is what the count was judged against.
        var evidence = plan is { } q ? doses.Append(q.Entry) : doses;
        return new Finding(Id, severity, anchor, Evidence(evidence),
            $"{doses.Count} doses in {s.WindowDays} days, plan allows {max}",
            $"{doses.Count} doses were given in the {s.WindowDays} days ending {Date(anchor)}, above the maximum of " +
            $"{max} sessions per week ({source}); high from {max + s.HighWhenOverBy}.");
    }
}
