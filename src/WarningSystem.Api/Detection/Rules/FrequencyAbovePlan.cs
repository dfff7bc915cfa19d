using WarningSystem.Ingest;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>More doses in the window than the plan's weekly maximum allows. Evaluated at each DoseGiven.</summary>
public static class FrequencyAbovePlan
{
    public const string Id = "frequency-above-plan";

    public sealed record Settings(int DefaultMaxSessionsPerWeek = 2, int WindowDays = 7, int HighWhenOverBy = 2);

    public static readonly Rule<Settings> Rule = new(Id, version: 1, Severity.Medium, weight: 2,
        "More doses within the window than the plan's maximum sessions per week.",
        new Settings(), windowDays: s => s.WindowDays, Evaluate,
        clears: "Clears when the doses in any windowDays stay at or below the plan's maxSessionsPerWeek " +
            "(defaultMaxSessionsPerWeek without a plan).");

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<DoseGiven>(history, out var anchor, out _)) return null;

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
