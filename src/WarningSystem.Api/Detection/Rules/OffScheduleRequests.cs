using WarningSystem.Ingest;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// Repeated requests for sessions or drug outside the plan. Evaluated at each OffScheduleRequest; high when they
/// keep coming or when any asks for more drug (a dose increase or a take-home supply).
/// </summary>
public static class OffScheduleRequests
{
    public const string Id = "off-schedule-requests";

    public sealed record Settings(int Count = 2, int WindowDays = 14, int HighCount = 3);

    public static readonly Rule<Settings> Rule = new(Id, version: 1, Severity.Medium, weight: 2,
        "Repeated off-schedule requests within the window; high when many or when any asks for more drug.",
        new Settings(), windowDays: s => s.WindowDays, Evaluate,
        clears: "Clears when fewer than `count` off-schedule requests fall within windowDays.");

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<OffScheduleRequest>(history, out var anchor, out _)) return null;

        var requests = history.Within<OffScheduleRequest>(Days(s.WindowDays), anchor.OccurredAt).ToList();
        if (requests.Count < s.Count) return null;

        var forDrug = requests.Where(r => r.Data.Kind is OffScheduleKind.DoseIncrease or OffScheduleKind.TakeHome)
            .Select(r => JsonNames.Of(r.Data.Kind)).Distinct().ToList();
        var many = requests.Count >= s.HighCount;
        var severity = many || forDrug.Count > 0 ? Severity.High : Severity.Medium;

        var reasons = new List<string>();
        if (many) reasons.Add($"at least {s.HighCount} requests");
        if (forDrug.Count > 0) reasons.Add($"a {AndList(forDrug)} request");
        var high = reasons.Count > 0 ? $" High because of {AndList(reasons)}." : "";
        return new Finding(Id, severity, anchor, Evidence(requests.Select(r => r.Entry)),
            $"{requests.Count} off-schedule requests in {s.WindowDays} days",
            $"{requests.Count} off-schedule requests in the {s.WindowDays} days ending {Date(anchor)}, " +
            $"at or above the threshold of {s.Count}.{high}");
    }
}
