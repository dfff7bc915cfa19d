using JasperFx.Events;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Detection;

/// <summary>
/// One patient event judged on the patient's timeline as known when it was recorded, with the protocol then in
/// force: the findings to publish. Shared by the detection subscription and by the re-evaluation of a failed event,
/// so a re-drive publishes exactly what the subscription would have.
/// </summary>
public static class EventEvaluation
{
    /// <exception cref="RuleFailedException">A rule threw: the event cannot be judged until that rule is fixed.</exception>
    public static IReadOnlyList<FindingDetected> Evaluate(RuleSet rules, string patientId, PatientTimeline timeline, IEvent e,
        IReadOnlyList<ProtocolVersion> protocols, FindingMemo? memo = null)
    {
        var protocol = ClinicProtocols.InForceAt(protocols, e.Sequence);
        return Detector.Detect(rules, timeline.KnownAt(e.Sequence), e.SourceEventIdOf(), protocol.Settings, memo)
            .Select(f => ToMessage(rules, patientId, f, protocol.Version, e.Timestamp))
            .ToList();
    }

    static FindingDetected ToMessage(RuleSet rules, string patientId, Finding finding, long protocolVersion, DateTimeOffset committedAt) => new(
        patientId, finding.RuleId, rules.ById(finding.RuleId).Version, finding.Severity, finding.Anchor.OccurredAt,
        finding.Anchor.EventId, finding.Summary, finding.Explanation,
        finding.Evidence.Select(e => new FindingEvidence(e.EventId, e.Sequence, e.OccurredAt, EventCatalog.NameOf(e.Data.GetType()))).ToList(),
        protocolVersion, committedAt);
}
