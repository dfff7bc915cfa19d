using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>Withdrawal between sessions that is moderate or worse, or that shows several distinct symptoms.</summary>
public static class WithdrawalSigns
{
    public const string Id = "withdrawal-signs";

    public static readonly Rule Rule = new(Id, 1, Severity.Medium,
        "Withdrawal symptoms reported as moderate or severe, or several distinct symptoms.",
        Evaluate);

    public static Finding? Evaluate(PatientTimeline history, Protocol protocol)
    {
        if (!AnchorIs<WithdrawalSymptomsReported>(history, out var anchor, out var report)) return null;
        var s = protocol.WithdrawalSigns;

        var severe = report.Severity is SymptomSeverity.Moderate or SymptomSeverity.Severe;
        var distinct = report.Symptoms.Distinct().Count();
        var many = distinct >= s.SymptomCount;
        if (!severe && !many) return null;

        var reasons = new List<string>();
        if (severe) reasons.Add($"severity {JsonName(report.Severity)} (moderate or worse)");
        if (many) reasons.Add($"{distinct} distinct symptoms (threshold {s.SymptomCount})");
        return new Finding(Id, Severity.Medium, anchor, [anchor],
            $"Withdrawal: {JsonName(report.Severity)}, {Plural(distinct, "symptom", "symptoms")}",
            $"Withdrawal symptoms reported on {Date(anchor)} with {AndList(reasons)}.");
    }
}
