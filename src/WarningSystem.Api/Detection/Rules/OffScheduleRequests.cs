using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// Repeated requests for sessions or drug outside the plan. Evaluated at each OffScheduleRequest; high when they
/// keep coming or when any asks for more drug (a dose increase or a take-home supply).
/// </summary>
public static class OffScheduleRequests
{
    public const string Id = "off-schedule-requests";

    public static readonly Rule Rule = new(Id, 1, Severity.Medium,
        "Repeated off-schedule requests within the window; high when many or when any asks for more drug.",
        Evaluate);

    public static Finding? Evaluate(PatientTimeline history, Protocol protocol)
    {
        if (!AnchorIs<OffScheduleRequest>(history, out var anchor, out _)) return null;
        var s = protocol.OffScheduleRequests;

        var requests = history.Within<OffScheduleRequest>(Days(s.WindowDays), anchor.OccurredAt).ToList();
        if (requests.Count < s.Count) return null;

        var forDrug = requests.Where(r => r.Data.Kind is OffScheduleKind.DoseIncrease or OffScheduleKind.TakeHome)
            .Select(r => JsonName(r.Data.Kind)).Distinct().ToList();
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
