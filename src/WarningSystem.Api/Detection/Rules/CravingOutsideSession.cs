using WarningSystem.Ingest;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// Craving between sessions: one strong craving, or repeated moderate ones within the window. Cravings during a
/// session are expected effects of the treatment and do not count.
/// </summary>
public static class CravingOutsideSession
{
    public const string Id = "craving-outside-session";

    public sealed record Settings(
        int HighIntensity = 7, int ModerateIntensity = 4, int ModerateCount = 2, int WindowDays = 7, int SessionHours = 4);

    public static readonly Rule<Settings> Rule = new(Id, version: 1, Severity.Medium, weight: 2,
        "A strong craving outside a session, or repeated moderate ones within the window.",
        new Settings(), windowDays: s => s.WindowDays, Evaluate,
        clears: "Clears when no craving of highIntensity or more is reported outside a session, and fewer than " +
            "moderateCount cravings of moderateIntensity or more outside sessions fall within windowDays.");

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<CravingReported>(history, out var anchor, out var craving)) return null;
        if (!IsOutside(history, anchor, craving, s.SessionHours)) return null;

        var strong = craving.Intensity >= s.HighIntensity;
        var moderate = craving.Intensity >= s.ModerateIntensity
            ? history.Within<CravingReported>(Days(s.WindowDays), anchor.OccurredAt)
                .Where(c => c.Data.Intensity >= s.ModerateIntensity && IsOutside(history, c.Entry, c.Data, s.SessionHours))
                .Select(c => c.Entry).ToList()
            : [];
        var repeated = moderate.Count >= s.ModerateCount;
        if (!strong && !repeated) return null;

        var sentences = new List<string>();
        if (strong)
            sentences.Add($"Craving of intensity {craving.Intensity} outside a session on {Date(anchor)}, " +
                          $"at or above the high threshold of {s.HighIntensity}.");
        if (repeated)
            sentences.Add($"{moderate.Count} cravings of intensity {s.ModerateIntensity} or more outside sessions in the " +
                          $"{s.WindowDays} days ending {Date(anchor)}, at or above the threshold of {s.ModerateCount}.");
        var summary = repeated
            ? $"{moderate.Count} cravings outside sessions in {s.WindowDays} days"
            : $"Craving {craving.Intensity}/10 outside a session";
        return new Finding(Id, Severity.Medium, anchor, Evidence(moderate.Append(anchor)), summary, string.Join(" ", sentences));
    }

    /// <summary>
    /// Outside a session when the EHR says so, or, when it does not say, when no session or dose happened in the
    /// hours before: the acute effects of a dose last a few hours, and craving then is part of the session.
    /// </summary>
    public static bool IsOutside(PatientTimeline history, TimelineEntry entry, CravingReported craving, int sessionHours)
    {
        if (craving.DuringSession is { } during) return !during;
        var span = TimeSpan.FromHours(sessionHours);
        return !history.Entries.Any(e => e.Data is SessionAttended or DoseGiven
                                          && e.OccurredAt <= entry.OccurredAt && entry.OccurredAt - e.OccurredAt < span);
    }
}
