using System.Text.Json.Serialization;

namespace WarningSystem.Ingest;

// Patient events as the EHR reports them. Published events are never edited: add a …V2 and an upcaster.
// Each is stored with its event time (occurredAt), source event id and recorder as headers: see EventHeaders.

/// <summary>A clinician prescribed the ketamine or esketamine treatment plan the patient follows.</summary>
public record TreatmentPlanPrescribed(
    Drug Drug, Route Route, decimal? DoseMgPerKg, decimal? DoseMg, int MaxSessionsPerWeek, string Prescriber);

/// <summary>A risk screening instrument was scored for the patient.</summary>
public record RiskScreeningRecorded(
    ScreeningInstrument Instrument, decimal Score, bool SubstanceUseHistory, bool FamilyHistory, bool RecreationalUse);

/// <summary>The patient attended a treatment or follow-up session.</summary>
public record SessionAttended(string SessionId, bool Scheduled, string? AppointmentId = null);

/// <summary>A dose was administered during a supervised session.</summary>
public record DoseGiven(
    string SessionId, Drug Drug, Route Route, decimal DoseMg, decimal? WeightKg = null, decimal? DoseMgPerKg = null);

/// <summary>The patient reported a craving for the drug, on a 0–10 scale.</summary>
public record CravingReported(int Intensity, bool? DuringSession = null);

/// <summary>The patient asked for something outside the plan: an extra or earlier session, more drug.</summary>
public record OffScheduleRequest(OffScheduleKind Kind, string Channel);

/// <summary>The patient did not attend a scheduled follow-up appointment; SystemDetected when the service found it.</summary>
public record MissedFollowUp(
    string AppointmentId, DateTimeOffset ScheduledFor,
    // Not written when false, so a miss the EHR reports stores and hashes exactly as before this field existed.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool SystemDetected = false);

/// <summary>A follow-up appointment was scheduled, or moved: the latest schedule of an appointment is the one that counts.</summary>
public record FollowUpScheduled(string AppointmentId, DateTimeOffset ScheduledFor);

/// <summary>A scheduled follow-up appointment was cancelled, so not attending it is no missed follow-up.</summary>
public record FollowUpCancelled(string AppointmentId, string? Reason = null);

/// <summary>The patient reported withdrawal symptoms between sessions.</summary>
public record WithdrawalSymptomsReported(IReadOnlyList<WithdrawalSymptom> Symptoms, SymptomSeverity Severity);

/// <summary>
/// A correction: an earlier event of the patient (named by its source eventId) was recorded in error and is void from
/// this point on. History keeps both; rules ignore the voided event from the moment the void was recorded.
/// </summary>
public record EventVoided(string VoidedEventId, string Reason);

/// <summary>A prescriber authorised a higher dose than the plan's.</summary>
public record DoseIncreaseAuthorized(decimal? NewDoseMgPerKg, decimal? NewDoseMg, string AuthorizedBy);

public enum Drug
{
    [JsonStringEnumMemberName("ketamine")] Ketamine,
    [JsonStringEnumMemberName("esketamine")] Esketamine,
}

public enum Route
{
    [JsonStringEnumMemberName("IV")] IV,
    [JsonStringEnumMemberName("IM")] IM,
    [JsonStringEnumMemberName("intranasal")] Intranasal,
    [JsonStringEnumMemberName("sublingual")] Sublingual,
    [JsonStringEnumMemberName("oral")] Oral,
}

public enum ScreeningInstrument
{
    [JsonStringEnumMemberName("KSET")] Kset,
    [JsonStringEnumMemberName("DAST-10")] Dast10,
    [JsonStringEnumMemberName("AUDIT")] Audit,
    [JsonStringEnumMemberName("ORT")] Ort,
    [JsonStringEnumMemberName("other")] Other,
}

public enum OffScheduleKind
{
    [JsonStringEnumMemberName("extra-session")] ExtraSession,
    [JsonStringEnumMemberName("earlier-session")] EarlierSession,
    [JsonStringEnumMemberName("dose-increase")] DoseIncrease,
    [JsonStringEnumMemberName("take-home")] TakeHome,
    [JsonStringEnumMemberName("other")] Other,
}

public enum WithdrawalSymptom
{
    [JsonStringEnumMemberName("irritability")] Irritability,
    [JsonStringEnumMemberName("anxiety")] Anxiety,
    [JsonStringEnumMemberName("low-mood")] LowMood,
    [JsonStringEnumMemberName("insomnia")] Insomnia,
    [JsonStringEnumMemberName("other")] Other,
}

public enum SymptomSeverity
{
    [JsonStringEnumMemberName("mild")] Mild,
    [JsonStringEnumMemberName("moderate")] Moderate,
    [JsonStringEnumMemberName("severe")] Severe,
}
