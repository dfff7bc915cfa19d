using System.Globalization;
using WarningSystem.Ingest;

namespace WarningSystem.Detection;

/// <summary>Small pure helpers the rules share: windows, evidence ordering, dose comparison and wording.</summary>
public static class RuleHelpers
{
    /// <summary>A window of whole days; "within N days" means less than this span apart.</summary>
    public static TimeSpan Days(int days) => TimeSpan.FromDays(days);

    /// <summary>The anchor's data when it is of type <typeparamref name="T"/>; rules evaluate only at their own event type.</summary>
    public static bool AnchorIs<T>(PatientTimeline history, out TimelineEntry anchor, out T data)
    {
        anchor = history.Entries.Count > 0 ? history.Latest : null!;
        if (anchor?.Data is T typed)
        {
            data = typed;
            return true;
        }
        data = default!;
        return false;
    }

    /// <summary>Evidence as findings carry it: distinct by event id, oldest first by event time then sequence.</summary>
    public static IReadOnlyList<TimelineEntry> Evidence(IEnumerable<TimelineEntry> entries) =>
        entries.DistinctBy(e => e.EventId).OrderBy(e => e.OccurredAt).ThenBy(e => e.Sequence).ToList();

    /// <summary>The order of the timeline itself, so "latest" means the same thing everywhere.</summary>
    public static int CompareInTimeline(TimelineEntry a, TimelineEntry b)
    {
        var byTime = a.OccurredAt.CompareTo(b.OccurredAt);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }

    /// <summary>
    /// Two doses in the unit they can be compared in: mg/kg when both have it (weight-adjusted is what the
    /// protocol prescribes), otherwise mg, which every dose has.
    /// </summary>
    public static (decimal Earlier, decimal Later, string Unit) Comparable(DoseGiven earlier, DoseGiven later) =>
        earlier.DoseMgPerKg is { } a && later.DoseMgPerKg is { } b ? (a, b, "mg/kg") : (earlier.DoseMg, later.DoseMg, "mg");

    /// <summary>A decimal without trailing zeros, invariant culture: 0.550 reads as 0.55.</summary>
    public static string Num(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// An event's date in UTC, so the same instant reads the same whatever offset the EHR sent it with.
    /// </summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(TimelineEntry entry) => Date(entry.OccurredAt);

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string AndList(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>The risk factors a screening documents, worded for explanations; empty when it shows none.</summary>
    public static IReadOnlyList<string> RiskFactors(RiskScreeningRecorded screening)
    {
        var factors = new List<string>();
        if (screening.SubstanceUseHistory) factors.Add("substance use history");
        if (screening.FamilyHistory) factors.Add("family history");
        if (screening.RecreationalUse) factors.Add("recreational use");
        return factors;
    }

    public static string Plural(int count, string one, string many) => count == 1 ? $"{count} {one}" : $"{count} {many}";
}
