using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine;
using Wolverine.Marten.Subscriptions;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Detection;

/// <summary>
/// Reacts to patient events in log order. For each new event it rebuilds the patient's timeline as it was known
/// when that event was recorded, runs the rules with the protocol then in force, and emits a patient's findings
/// of a page in one <see cref="FindingsDetected"/>. Messages go through Wolverine's outbox in the same transaction as the
/// subscription's progress, so a finding is neither lost nor sent twice by a crash. An event a rule cannot judge
/// is handed to <see cref="DetectEventAgain"/> and the subscription moves on: one patient's failure does not stop
/// detection for everyone else.
/// </summary>
public sealed class DetectionSubscription : BatchSubscription
{
    public const string Name = "Detection";

    readonly RuleSet rules;
    readonly KnownTimelines known;

    // What each recently seen patient's rules found at each point of their window, so the next event of that patient
    // judges only what it changes. A cache: bounded, and detection is the same without it, only slower.
    readonly RandomEvictionCache<(string, string), FindingMemo> memos = new(2048);

    public DetectionSubscription(RuleSet rules, KnownTimelines known) : base(Name)
    {
        (this.rules, this.known) = (rules, known);
        // Pages of up to 2,000 events instead of Marten's 500 when detection is behind (live, a page holds what came in
        // since the last poll): a page's fixed cost (its reads, its commit, its progress) spread over more events, and
        // a patient's events in one page judged after one read.
        Options.BatchSize = 2_000;
        foreach (var type in EventCatalog.Types.Values) IncludeType(type);
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken token)
    {
        foreach (var clinic in page.Events.GroupBy(e => e.TenantId))
        {
            // Per clinic in the page, two statements at once: the protocol history, and whatever part of each
            // patient's stream is not held already.
            var patients = clinic.GroupBy(e => e.StreamKey!).Select(p => (IReadOnlyList<IEvent>)p.ToList()).ToList();
            await using var session = operations.DocumentStore.QuerySession(clinic.Key);
            var (reading, protocols) = (known.ReadAsync(operations.DocumentStore, clinic.Key, patients, token),
                ClinicProtocols.HistoryAsync(session, token));
            await Task.WhenAll(reading, protocols);
            for (var i = 0; i < patients.Count; i++)
            {
                var events = patients[i];
                var patientId = events[0].StreamKey!;
                await DetectAsync(clinic.Key, patientId, reading.Result[i], events, protocols.Result, bus);
            }
        }
    }

    /// <summary>Each new event of one patient, judged on the timeline as known when it was recorded.</summary>
    async Task DetectAsync(string clinicId, string patientId, PatientTimeline timeline, IReadOnlyList<IEvent> newEvents,
        IReadOnlyList<ProtocolVersion> protocols, IMessageBus bus)
    {
        var memo = memos.GetOrAdd((clinicId, patientId), () => new FindingMemo());

        var found = new List<(IEvent At, FindingDetected Finding)>();
        foreach (var e in newEvents.OrderBy(e => e.Sequence))
        {
            // Continues the trace of the request that posted the event; Wolverine carries it on to what it publishes.
            using var activity = EventTrace.StartFrom(e, "detection.evaluate");
            if (e.Data is EventVoided voided)
            {
                // The findings before the void go first: on the same queue, the void must see the alerts they change.
                await PublishFindingsAsync(clinicId, patientId, found, bus);
                await bus.PublishAsync(new EvidenceVoided(patientId, voided.VoidedEventId, e.SourceEventIdOf(), voided.Reason, e.Timestamp), Tenant(clinicId));
            }
            IReadOnlyList<FindingDetected> findings;
            try
            {
                findings = EventEvaluation.Evaluate(rules, patientId, timeline, e, protocols, memo);
            }
            catch (RuleFailedException failure)
            {
                // Deterministic: the same history fails the same way, so retrying the page would stop every patient
                // behind this one. The event goes to its own durable message, in this same transaction, where it is
                // tried once more and then dead-lettered with the reason until someone re-drives it.
                DetectionFailures.Count(failure.RuleId);
                activity?.SetTag("warningsystem.detection.failed_rule", failure.RuleId);
                await bus.PublishAsync(new DetectEventAgain(patientId, e.Sequence, e.SourceEventIdOf(), failure.RuleId), Tenant(clinicId));
                continue;
            }
            activity?.SetTag("warningsystem.findings", findings.Count);
            found.AddRange(findings.Select(f => (e, f)));
        }
        await PublishFindingsAsync(clinicId, patientId, found, bus);
    }

    /// <summary>
    /// The patient's findings so far as one message, so they are recorded together. It continues the trace of the
    /// newest event that found something; the traces of earlier events end at their evaluation.
    /// </summary>
    static async Task PublishFindingsAsync(string clinicId, string patientId, List<(IEvent At, FindingDetected Finding)> found, IMessageBus bus)
    {
        if (found.Count == 0) return;
        using var activity = EventTrace.StartFrom(found[^1].At, "detection.publish");
        activity?.SetTag("warningsystem.findings", found.Count);
        await bus.PublishAsync(new FindingsDetected(patientId, found.Select(f => f.Finding).ToList()), Tenant(clinicId));
        found.Clear();
    }

    static DeliveryOptions Tenant(string clinicId) => new() { TenantId = clinicId };
}
