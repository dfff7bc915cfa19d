using WarningSystem.Detection;
using WarningSystem.Ingest;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.IntegrationTests.Detection;

/// <summary>
/// A rule that exists only in the tests: everything a rule is, in one file, to show that a new rule needs nothing
/// else to appear in the catalogue, the protocol and the composite. Fires at a craving reported between midnight
/// and 05:00 UTC at or above an intensity.
/// </summary>
public static class LateNightCravings
{
    public const string Id = "late-night-cravings";

    public sealed record Settings(int MinIntensity = 3, int LastHour = 5, int WindowDays = 45);

    public static readonly Rule<Settings> Rule = new(Id, version: 2, Severity.Medium, weight: 4,
        "A craving reported in the small hours.", new Settings(), windowDays: s => s.WindowDays, Evaluate);

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<CravingReported>(history, out var anchor, out var craving)) return null;
        if (craving.Intensity < s.MinIntensity || anchor.OccurredAt.UtcDateTime.Hour >= s.LastHour) return null;
        return new Finding(Id, Severity.Medium, anchor, [anchor], $"Craving {craving.Intensity}/10 at night",
            $"Craving of intensity {craving.Intensity} reported at {anchor.OccurredAt.UtcDateTime:HH:mm} UTC on {Date(anchor)}.");
    }
}
