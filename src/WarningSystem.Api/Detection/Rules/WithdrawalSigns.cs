using WarningSystem.Ingest;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>Withdrawal between sessions that is moderate or worse, or that shows several distinct symptoms.</summary>
public static class WithdrawalSigns
{
    public const string Id = "withdrawal-signs";

    public sealed record Settings(int SymptomCount = 2);

    public static readonly Rule<Settings> Rule = new(Id, version: 1, Severity.Medium, weight: 2,
        "Withdrawal symptoms reported as moderate or severe, or several distinct symptoms.",
        new Settings(), windowDays: _ => 0, Evaluate,
        clears: "Clears when withdrawal is reported as mild with fewer than symptomCount distinct symptoms.");

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<WithdrawalSymptomsReported>(history, out var anchor, out var report)) return null;

        var severe = report.Severity is SymptomSeverity.Moderate or SymptomSeverity.Severe;
        var distinct = report.Symptoms.Distinct().Count();
        var many = distinct >= s.SymptomCount;
        if (!severe && !many) return null;

        var reasons = new List<string>();
        if (severe) reasons.Add($"severity {JsonNames.Of(report.Severity)} (moderate or worse)");
        if (many) reasons.Add($"{distinct} distinct symptoms (threshold {s.SymptomCount})");
        return new Finding(Id, Severity.Medium, anchor, [anchor],
            $"Withdrawal: {JsonNames.Of(report.Severity)}, {Plural(distinct, "symptom", "symptoms")}",
            $"Withdrawal symptoms reported on {Date(anchor)} with {AndList(reasons)}.");
    }
}
