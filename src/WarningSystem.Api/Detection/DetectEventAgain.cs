using System.Diagnostics.Metrics;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Detection;

/// <summary>
/// A patient event the detection subscription could not judge because a rule threw. Identifiers only: the event is
/// read again from the store when the message is handled.
/// </summary>
[MessageIdentity("detect-event-again")] // a stable name in the durable inbox and the dead letters
public sealed record DetectEventAgain(string PatientId, long Sequence, string EventId, string RuleId);

/// <summary>
/// Judges a failed event once more, on its own durable queue. If a rule still throws, the message goes straight to
/// Wolverine's dead letters with the reason (<see cref="RuleFailedException"/>): the failure is deterministic, so
/// retrying it before the rule is fixed only delays the record. Re-driving the dead letter after the fix runs this
/// again; its findings go out through the outbox like the subscription's, and alerts never repeat evidence, so a
/// finding recorded already changes nothing.
/// </summary>
public static class DetectEventAgainHandler
{
    public static void Configure(HandlerChain chain) => chain.OnException<RuleFailedException>().MoveToErrorQueue();

    public static async Task<OutgoingMessages> Handle(DetectEventAgain failed, IDocumentSession session, RuleSet rules, CancellationToken token)
    {
        var stream = await session.Events.FetchStreamAsync(failed.PatientId, token: token);
        var messages = new OutgoingMessages();
        // Gone only if the patient's stream was removed: nothing left to judge.
        if (stream.FirstOrDefault(e => e.Sequence == failed.Sequence) is not { } e) return messages;
        var protocols = await ClinicProtocols.HistoryAsync(session, token);
        var findings = EventEvaluation.Evaluate(rules, failed.PatientId, PatientTimeline.Of(stream), e, protocols);
        if (findings.Count > 0) messages.Add(new FindingsDetected(failed.PatientId, findings));
        return messages;
    }
}

/// <summary>What detection counts about events it could not judge.</summary>
public static class DetectionFailures
{
    static readonly Counter<long> Failures = TelemetrySetup.Meter.CreateCounter<long>("warningsystem.detection.failures", "{event}",
        "Patient events a rule threw on, by rule: each is tried once more and then waits in the dead letters for a re-drive");

    public static void Count(string ruleId) => Failures.Add(1, new KeyValuePair<string, object?>("rule", ruleId));
}
