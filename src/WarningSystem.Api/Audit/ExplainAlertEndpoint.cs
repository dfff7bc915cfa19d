using JasperFx.Events;
using WarningSystem.Alerts;
using WarningSystem.Detection;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Audit;

/// <summary>
/// Why an alert exists, in full: the rule and version that raised it, the protocol version it was judged under and
/// that version's settings for the rule, every evidence event with its data and both times, the risk factor that
/// raised its severity if any, and what would make the rule stop matching.
/// </summary>
public static class ExplainAlertEndpoint
{
    [ProblemAnswers(404)]
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverineGet("/api/clinics/{clinicId}/alerts/{alertId}/explain")]
    public static async Task<IResult> Get(string clinicId, string alertId, HttpContext context, IQuerySession session,
        RuleSet rules, CancellationToken token)
    {
        if (await session.LoadAsync<Alert>(alertId, token) is not { } alert) return Problems.NotFound("alert", clinicId, alertId);

        var protocols = await ClinicProtocols.HistoryAsync(session, token);
        var protocol = protocols.FirstOrDefault(p => p.Version == alert.ProtocolVersion) ?? ProtocolVersion.Defaults;
        var rule = rules.All.FirstOrDefault(r => r.Id == alert.RuleId);

        var sequences = alert.Evidence.Select(e => e.Sequence).ToArray();
        var evidence = await session.Events.QueryAllRawEvents().Where(e => e.Sequence.IsOneOf(sequences))
            .OrderBy(e => e.Sequence).ToListAsync(token);
        var stream = await session.Events.FetchStreamAsync(alert.PatientId, token: token);
        context.Items[ReadCount.Key] = evidence.Count;

        return Results.Ok(new AlertExplanation(
            alert.Id, alert.PatientId, alert.Status, alert.Severity, alert.RaisedAt, alert.Summary, alert.Explanation,
            new ExplainedRule(alert.RuleId, alert.RuleVersion, rule?.Version, rule?.Description, rule?.DefaultSeverity, rule?.Clears),
            new ExplainedProtocol(protocol.Version, protocol.ChangedBy, protocol.ChangedAt,
                rule is null ? null : rule.Settings.Write(protocol.Settings.Read(rule.Settings)),
                protocol.Settings.Get(RuleSet.RiskModulation)),
            evidence.Select(PatientEvent.From).ToList(),
            RiskFactorOf(alert, stream, sequences.DefaultIfEmpty().Max(), protocol.Settings)));
    }

    /// <summary>
    /// The screening that raised the alert one level, found as detection finds it: the latest screening at or before
    /// the alert's anchor, among the events known when its evidence was, with at least one risk factor.
    /// </summary>
    static ExplainedRiskFactor? RiskFactorOf(Alert alert, IReadOnlyList<IEvent> stream, long knownUpTo, Protocol protocol)
    {
        if (alert.RuleId == ElevatedMisuseRisk.Id || !protocol.Get(RuleSet.RiskModulation)) return null;
        var screening = stream.Where(e => e.Sequence <= knownUpTo && e.Data is RiskScreeningRecorded && e.OccurredAtOf() <= alert.RaisedAt)
            .OrderBy(e => e.OccurredAtOf()).ThenBy(e => e.Sequence).LastOrDefault();
        if (screening?.Data is not RiskScreeningRecorded data || RuleHelpers.RiskFactors(data) is not { Count: > 0 } factors) return null;
        return new(PatientEvent.From(screening).EventId, screening.OccurredAtOf(), JsonNames.Of(data.Instrument), factors);
    }
}

public sealed record AlertExplanation(
    string AlertId, string PatientId, AlertStatus Status, Severity Severity, DateTimeOffset RaisedAt, string Summary,
    string Explanation, ExplainedRule Rule, ExplainedProtocol Protocol, IReadOnlyList<PatientEvent> Evidence,
    ExplainedRiskFactor? RiskFactor);

/// <summary><c>version</c> raised the alert; <c>currentVersion</c> is the rule's logic today (null: no longer known).</summary>
public sealed record ExplainedRule(
    string Id, int Version, int? CurrentVersion, string? Description, Severity? DefaultSeverity, string? Clears);

/// <summary>The protocol version the alert was judged under, and that version's settings for the rule.</summary>
public sealed record ExplainedProtocol(
    long Version, string? ChangedBy, DateTimeOffset? ChangedAt, System.Text.Json.Nodes.JsonNode? Thresholds, bool RiskModulation);

public sealed record ExplainedRiskFactor(string EventId, DateTimeOffset OccurredAt, string Instrument, IReadOnlyList<string> Factors);
