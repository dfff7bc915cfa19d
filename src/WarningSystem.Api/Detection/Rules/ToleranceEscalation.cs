using WarningSystem.Ingest;
using static WarningSystem.Detection.RuleHelpers;

namespace WarningSystem.Detection;

/// <summary>
/// Doses that keep rising (several rises in a row within the window) or that have reached a multiple of the
/// patient's first dose: the signature of tolerance, whether or not each step was authorized.
/// </summary>
public static class ToleranceEscalation
{
    public const string Id = "tolerance-escalation";

    public sealed record Settings(int Rises = 3, int WindowDays = 30, decimal FirstDoseMultiple = 1.5m);

    public static readonly Rule<Settings> Rule = new(Id, version: 1, Severity.Medium, weight: 2,
        "Doses rising several times in a row within the window, or reaching a multiple of the first dose.",
        new Settings(), windowDays: s => s.WindowDays, Evaluate,
        clears: "Clears when fewer than `rises` doses in a row rise within windowDays, and no dose reaches " +
            "firstDoseMultiple times the first dose.");

    public static Finding? Evaluate(PatientTimeline history, Settings s)
    {
        if (!AnchorIs<DoseGiven>(history, out var anchor, out var dose)) return null;
        var doses = history.Of<DoseGiven>().ToList();

        var evidence = new List<TimelineEntry>();
        var summaries = new List<string>();
        var sentences = new List<string>();

        var run = doses.TakeLast(s.Rises + 1).ToList();
        if (s.Rises > 0 && run.Count == s.Rises + 1
            && run.Zip(run.Skip(1)).All(p => Comparable(p.First.Data, p.Second.Data) is var c && c.Later > c.Earlier)
            && anchor.OccurredAt - run[0].Entry.OccurredAt < Days(s.WindowDays))
        {
            var unit = run.All(d => d.Data.DoseMgPerKg is not null) ? "mg/kg" : "mg";
            var values = string.Join(", ", run.Select(d => Num(unit == "mg/kg" ? d.Data.DoseMgPerKg!.Value : d.Data.DoseMg)));
            evidence.AddRange(run.Select(d => d.Entry));
            summaries.Add($"{Plural(s.Rises, "rise", "rises")} in a row");
            sentences.Add($"The last {s.Rises + 1} doses rose each time ({values} {unit}, from {Date(run[0].Entry)} " +
                          $"to {Date(anchor)}), {Plural(s.Rises, "rise", "rises")} in a row within {s.WindowDays} days.");
        }

        var first = doses[0];
        if (first.Entry.EventId != anchor.EventId
            && Comparable(first.Data, dose) is var (firstValue, value, firstUnit)
            && value >= s.FirstDoseMultiple * firstValue)
        {
            evidence.Add(first.Entry);
            evidence.Add(anchor);
            summaries.Add($"at least {Num(s.FirstDoseMultiple)}x the first dose");
            sentences.Add($"Dose {Num(value)} {firstUnit} on {Date(anchor)} is {Num(Math.Round(value / firstValue, 2))}x " +
                          $"the first dose of {Num(firstValue)} {firstUnit} ({Date(first.Entry)}), at or above the " +
                          $"{Num(s.FirstDoseMultiple)}x threshold.");
        }

        if (evidence.Count == 0) return null;
        return new Finding(Id, Severity.Medium, anchor, Evidence(evidence),
            "Dose escalation: " + AndList(summaries), string.Join(" ", sentences));
    }
}
