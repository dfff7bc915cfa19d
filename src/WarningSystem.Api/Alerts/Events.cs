using WarningSystem.Detection;

namespace WarningSystem.Alerts;

// Each alert is its own event stream, keyed by the alert id. Published events are never edited.

/// <summary>A patient event that made a rule fire, as recorded on the alert.</summary>
public sealed record AlertEvidence(string EventId, long Sequence, DateTimeOffset OccurredAt, string Type);

/// <summary>A rule fired for a patient with no open alert for that rule.</summary>
public record AlertRaised(
    string AlertId, string PatientId, string RuleId, int RuleVersion, Severity Severity,
    DateTimeOffset RaisedAt, DateTimeOffset DetectedAt, string Summary, string Explanation,
    IReadOnlyList<AlertEvidence> Evidence, long ProtocolVersion);

/// <summary>The rule fired again while the alert was open: the new events join its evidence.</summary>
public record AlertEvidenceAdded(
    string AlertId, DateTimeOffset TriggeredAt, DateTimeOffset DetectedAt, string Summary, string Explanation,
    IReadOnlyList<AlertEvidence> Evidence);

/// <summary>A later trigger of the same rule was more severe than the alert so far.</summary>
public record AlertSeverityRaised(string AlertId, Severity From, Severity To, string Reason);

/// <summary>
/// Every patient event the alert rests on has been voided (the last by this void). The alert stays as it is: a person
/// decides whether to resolve it.
/// </summary>
public record AlertEvidenceVoided(string AlertId, string VoidedEventId, string Reason, DateTimeOffset At);

/// <summary>
/// A clinician was shown the alert in the EHR (a CDS Hooks card) and accepted it or overrode it, with the reason
/// given: the learning loop that tells a clinic which rules its clinicians find wrong.
/// </summary>
public record AlertCardFeedback(string AlertId, CardOutcome Outcome, string? Reason, string? Comment, DateTimeOffset At);

public enum CardOutcome
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("accepted")] Accepted,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("overridden")] Overridden,
}

/// <summary>A coordinator took the alert on.</summary>
public record AlertAcknowledged(string AlertId, string By, string? Note, DateTimeOffset At);

/// <summary>A coordinator set the alert aside until a time, for a reason; it returns to open then.</summary>
public record AlertSnoozed(string AlertId, string By, string Reason, DateTimeOffset Until, DateTimeOffset At);

/// <summary>The snooze ran out and the alert is open again.</summary>
public record AlertSnoozeExpired(string AlertId, DateTimeOffset At);

/// <summary>Nobody acknowledged the alert in time: it went up a level, to the named role.</summary>
public record AlertEscalated(string AlertId, int Level, string To, DateTimeOffset At);

/// <summary>A person closed the alert with a reason code. Misuse alerts never close on their own.</summary>
public record AlertResolved(string AlertId, string By, Resolution Resolution, string? Note, DateTimeOffset At);

public enum Resolution
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("addressed-with-patient")] AddressedWithPatient,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("plan-changed")] PlanChanged,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("referred")] Referred,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("false-positive")] FalsePositive,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("other")] Other,
}
