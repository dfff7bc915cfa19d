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
