using WarningSystem.Ingest;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// Repeated missed follow-ups within the window. Evaluated at each MissedFollowUp; high when the patient also
/// asked for something off-schedule in that window (avoiding follow-up while seeking more drug).
/// </summary>
public static class MissedFollowUps
{
    public const string Id = "missed-follow-ups";

    public sealed record Settings(int Count = 2, int WindowDays = 30);

    public static readonly Rule<Settings> Rule = new(Id, version: 1, Severity.Medium, weight: 1,
        "Repeated missed follow-ups within the window; high with an off-schedule request in the same window.",
        new Settings(), windowDays: s => s.WindowDays, Evaluate,
        clears: "Clears when fewer than `count` missed follow-ups fall within windowDays.");

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<MissedFollowUp>(history, out var anchor, out _)) return null;
        var window = Days(s.WindowDays);

        var missed = history.Within<MissedFollowUp>(window, anchor.OccurredAt).Select(m => m.Entry).ToList();
        if (missed.Count < s.Count) return null;

        var requests = history.Within<OffScheduleRequest>(window, anchor.OccurredAt).Select(r => r.Entry).ToList();
        var severity = requests.Count > 0 ? Severity.High : Severity.Medium;
        var high = requests.Count > 0
            ? $" High because of {Plural(requests.Count, "off-schedule request", "off-schedule requests")} in the same window."
            : "";
        return new Finding(Id, severity, anchor, Evidence(missed.Concat(requests)),
            $"{missed.Count} missed follow-ups in {s.WindowDays} days",
            $"{missed.Count} missed follow-ups in the {s.WindowDays} days ending {Date(anchor)}, " +
            $"at or above the threshold of {s.Count}.{high}");
    }
}
