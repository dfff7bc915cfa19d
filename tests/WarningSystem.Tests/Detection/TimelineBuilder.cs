using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

/// <summary>
/// Builds a patient timeline for rule tests: events at given times, each with the next sequence, as the store
/// would number them in arrival order (so adding an early time after a later one makes a late event).
/// </summary>
public sealed class TimelineBuilder
{
    /// <summary>Monday 2026-11-02 10:00 UTC: day 0 of every test timeline.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Day(double days) => Monday.AddDays(days);

    readonly List<TimelineEntry> entries = [];

    public TimelineBuilder Add(DateTimeOffset at, object data, string? id = null)
    {
        var sequence = entries.Count + 1;
        entries.Add(new TimelineEntry(id ?? $"e{sequence}", sequence, at, data));
        return this;
    }

    public TimelineBuilder Add(double day, object data, string? id = null) => Add(Day(day), data, id);

    public PatientTimeline Build() => PatientTimeline.From(entries);

    /// <summary>The rule evaluated at the last event in event time.</summary>
    public Finding? Evaluate(Rule rule, Protocol? protocol = null) => rule.Evaluate(Build(), protocol ?? Protocol.Default);

    /// <summary>The rule evaluated at the given event, seeing only what precedes it in event time.</summary>
    public Finding? EvaluateAt(string eventId, Rule rule, Protocol? protocol = null)
    {
        var timeline = Build();
        return rule.Evaluate(timeline.UpTo(timeline.IndexOf(eventId)), protocol ?? Protocol.Default);
    }
}

/// <summary>Event factories with the defaults tests do not care about.</summary>
public static class Make
{
    public const decimal WeightKg = 70;

    public static DoseGiven Ketamine(decimal mgPerKg, Route route = Route.IV) =>
        new("s", Drug.Ketamine, route, mgPerKg * WeightKg, WeightKg, mgPerKg);

    /// <summary>A dose recorded in mg only (no weight), so no mg/kg can be compared.</summary>
    public static DoseGiven KetamineMg(decimal mg, Route route = Route.Oral) => new("s", Drug.Ketamine, route, mg);

    public static DoseGiven Esketamine(decimal mg) => new("s", Drug.Esketamine, Route.Intranasal, mg);

    public static TreatmentPlanPrescribed Plan(decimal? mgPerKg = 0.5m, decimal? mg = null, int maxPerWeek = 2) =>
        new(Drug.Ketamine, Route.IV, mgPerKg, mg, maxPerWeek, "dr-1");

    public static TreatmentPlanPrescribed EsketaminePlan(decimal mg, int maxPerWeek = 2) =>
        new(Drug.Esketamine, Route.Intranasal, null, mg, maxPerWeek, "dr-1");

    public static DoseIncreaseAuthorized Increase(decimal? mgPerKg = null, decimal? mg = null) => new(mgPerKg, mg, "dr-1");

    public static CravingReported Craving(int intensity, bool? during = false) => new(intensity, during);

    public static OffScheduleRequest Request(OffScheduleKind kind = OffScheduleKind.ExtraSession) => new(kind, "phone");

    public static MissedFollowUp Missed() => new("a-1", TimelineBuilder.Monday);

    public static SessionAttended Session() => new("s", true);

    public static WithdrawalSymptomsReported Withdrawal(SymptomSeverity severity, params WithdrawalSymptom[] symptoms) =>
        new(symptoms.Length == 0 ? [WithdrawalSymptom.Irritability] : symptoms, severity);

    public static RiskScreeningRecorded Screening(
        bool substanceUse = false, bool family = false, bool recreational = false,
        ScreeningInstrument instrument = ScreeningInstrument.Dast10) =>
        new(instrument, 3, substanceUse, family, recreational);
}

/// <summary>Assertions on findings that read well in tests.</summary>
public static class FindingAssertions
{
    public static string[] EvidenceIds(this Finding finding) => finding.Evidence.Select(e => e.EventId).ToArray();
}
