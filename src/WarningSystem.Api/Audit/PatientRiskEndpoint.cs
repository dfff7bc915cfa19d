using JasperFx.Events;
using WarningSystem.Alerts;
using WarningSystem.Detection;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Audit;

/// <summary>
/// A patient's risk picture as the service knew it at a moment: <c>asOf</c> (record time) or <c>asOfVersion</c> (the
/// patient's stream version), now when neither is given. Built from the stream as recorded by then, the protocol in
/// force then, and each of the patient's alerts folded up to then, so a late event shows only after it arrived.
/// </summary>
public static class PatientRiskEndpoint
{
    [ProblemAnswers(404)]
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverineGet("/api/clinics/{clinicId}/patients/{patientId}/risk")]
    public static async Task<IResult> Get(string clinicId, string patientId, HttpContext context, IQuerySession session,
        RuleSet rules, CancellationToken token, string? asOf = null, long? asOfVersion = null)
    {
        var errors = new List<(string, string)>();
        DateTimeOffset at = default;
        if (asOf is not null && !Timestamp.TryParse(asOf, out at))
            errors.Add(("asOf", "must be an ISO-8601 timestamp with a time zone, like 2026-11-20T10:00:00Z"));
        if (asOfVersion is < 1) errors.Add(("asOfVersion", "must be 1 or more"));
        if (asOf is not null && asOfVersion is not null) errors.Add(("asOf", "give asOf or asOfVersion, not both"));
        if (errors.Count > 0) return Problems.Validation(errors);

        var stream = await session.Events.FetchStreamAsync(patientId, asOfVersion ?? 0, asOf is null ? null : at.ToUniversalTime(), token: token);
        if (stream.Count == 0)
            return Problems.Status(404, "Patient not found", $"Clinic '{clinicId}' had no events for patient '{patientId}' then.");
        // The moment the answer is about: the given time, or when the last event it includes was recorded.
        var moment = asOf is null ? stream[^1].Timestamp : at;
        var known = asOf is null && asOfVersion is null ? DateTimeOffset.MaxValue : moment;

        var protocols = await ClinicProtocols.HistoryAsync(session, token);
        var protocol = (asOf is not null ? protocols.LastOrDefault(p => p.ChangedAt <= at)
            : asOfVersion is not null ? protocols.LastOrDefault(p => p.Sequence < stream[^1].Sequence)
            : ClinicProtocols.Current(protocols)) ?? ProtocolVersion.Defaults;
        var timeline = PatientTimeline.Of(stream).KnownAt(stream[^1].Sequence);

        var open = (await Replay.AlertsAsOfAsync(session, patientId, known == DateTimeOffset.MaxValue ? null : known, token))
            .Where(a => a.IsOpen).Select(a => new OpenAlert(a.Id, a.RuleId, a.Severity, a.Status, a.RaisedAt, a.DetectedAt)).ToList();
        context.Items[ReadCount.Key] = stream.Count;

        return Results.Ok(new PatientRiskView(clinicId, patientId, moment, stream[^1].Version, protocol.Version,
            RiskPicture.Of(timeline, protocol.Settings, rules), open.OrderBy(a => a.RaisedAt).ToList()));
    }
}

/// <summary><c>asOf</c>: the record time the picture is about; <c>version</c>: the last stream version it includes.</summary>
public sealed record PatientRiskView(
    string ClinicId, string PatientId, DateTimeOffset AsOf, long Version, long ProtocolVersion, PatientRisk Risk,
    IReadOnlyList<OpenAlert> OpenAlerts);

public sealed record OpenAlert(string AlertId, string RuleId, Severity Severity, AlertStatus Status, DateTimeOffset RaisedAt, DateTimeOffset DetectedAt);
