using JasperFx.Events;
using WarningSystem.Alerts;
using WarningSystem.Detection;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Audit;

/// <summary>
/// Detection run again over a stored history, as the subscription ran it: each event in log order, judged on the
/// timeline known when it was recorded, under the protocol in force then (with a proposed change laid over it, if
/// any). Pure; it writes and sends nothing. One merged finding per rule, as an open alert gathers its evidence.
/// </summary>
public static class Replay
{
    public static IReadOnlyList<Finding> Run(RuleSet rules, PatientTimeline timeline, Func<long, Protocol> protocolAt)
    {
        var (findings, memo) = (new List<Finding>(), new FindingMemo());
        foreach (var e in timeline.Entries.OrderBy(e => e.Sequence))
            findings.AddRange(Detector.Detect(rules, timeline.KnownAt(e.Sequence), e.EventId, protocolAt(e.Sequence), memo));
        return findings.GroupBy(f => f.RuleId).Select(Detector.Merge).OrderBy(f => f.RuleId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The protocol in force at each sequence, with the proposed settings laid over every version.</summary>
    public static Func<long, Protocol> ProtocolAt(IReadOnlyList<ProtocolVersion> history, ProtocolCatalog catalog,
        System.Text.Json.JsonElement? proposed)
    {
        var merged = new Dictionary<long, Protocol>();
        return sequence =>
        {
            var inForce = ClinicProtocols.InForceAt(history, sequence);
            if (proposed is not { } changes) return inForce.Settings;
            if (!merged.TryGetValue(inForce.Version, out var protocol))
                merged[inForce.Version] = protocol = catalog.Merge(inForce.Settings, changes).Protocol ?? inForce.Settings;
            return protocol;
        };
    }

    /// <summary>The stream as rules read it: patient events only, without those voided in it.</summary>
    public static PatientTimeline TimelineOf(IEnumerable<IEvent> stream) => PatientTimeline.Of(stream).KnownAt(long.MaxValue);

    /// <summary>The patient's alerts as they stood at a record time (now when null): what had been recorded by then.</summary>
    public static async Task<IReadOnlyList<Alert>> AlertsAsOfAsync(IQuerySession session, string patientId, DateTimeOffset? asOf,
        CancellationToken token)
    {
        var ids = await session.Query<Alert>().Where(a => a.PatientId == patientId).Select(a => a.Id).ToListAsync(token);
        var alerts = new List<Alert>();
        foreach (var id in ids)
            if (await session.Events.AggregateStreamAsync<Alert>(id, timestamp: asOf?.ToUniversalTime(), token: token) is { } alert)
                alerts.Add(alert);
        return alerts;
    }
}
