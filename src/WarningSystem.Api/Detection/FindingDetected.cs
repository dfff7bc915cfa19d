using Wolverine.Attributes;

namespace WarningSystem.Detection;

/// <summary>
/// What detection publishes for one patient: every finding of that patient's new events in a subscription page, in
/// the order the events were recorded (split where the page voids an event, so the void comes after the findings
/// before it). One message, so whoever records them can do it in one transaction. Detection does not know who that is.
/// </summary>
[MessageIdentity("findings-detected")] // a stable name in the durable inbox, whatever the class is called
public sealed record FindingsDetected(string PatientId, IReadOnlyList<FindingDetected> Findings);

/// <summary>
/// A rule fired for a patient: the finding, the rule version and protocol version it was judged under, and its
/// evidence. <c>TriggerCommittedAt</c> is when the event being evaluated was committed (absent from findings published
/// before it existed): detection lag starts there. Published inside <see cref="FindingsDetected"/>; detection once
/// published each finding as a message of its own, and such messages may still wait in a durable inbox.
/// </summary>
[MessageIdentity("finding-detected")] // a stable name in the durable inbox, whatever the class is called
public sealed record FindingDetected(
    string PatientId, string RuleId, int RuleVersion, Severity Severity, DateTimeOffset RaisedAt,
    string TriggerEventId, string Summary, string Explanation, IReadOnlyList<FindingEvidence> Evidence, long ProtocolVersion,
    DateTimeOffset? TriggerCommittedAt = null);

/// <summary>
/// What detection publishes when a patient event is voided: findings that rested on it no longer hold from then on.
/// Whoever recorded them decides what that means for them.
/// </summary>
[MessageIdentity("evidence-voided")]
public sealed record EvidenceVoided(string PatientId, string VoidedEventId, string VoidEventId, string Reason, DateTimeOffset VoidedAt);

/// <summary>One event a finding rests on: its source id, place in the log, event time and type.</summary>
public sealed record FindingEvidence(string EventId, long Sequence, DateTimeOffset OccurredAt, string Type);
