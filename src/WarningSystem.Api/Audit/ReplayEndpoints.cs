using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using WarningSystem.Alerts;
using WarningSystem.Detection;
using WarningSystem.Protocols;

namespace WarningSystem.Audit;

/// <summary>
/// What to replay: the history as known at <c>asOf</c> (record time; now when absent), a proposed protocol change
/// (partial settings, as in PUT protocol) laid over the protocol in force at each event, and the rules to compare
/// (<c>ruleVersions</c>: rule id to version; only a rule's current version can run).
/// </summary>
public sealed record ReplayRequest(DateTimeOffset? AsOf, JsonElement? Protocol, Dictionary<string, int>? RuleVersions)
{
    public static readonly ReplayRequest Everything = new(null, null, null);

    public static async Task<(ReplayRequest? Request, IResult? Problem)> ReadAsync(HttpRequest request, RuleSet rules,
        ProtocolCatalog catalog, IReadOnlyList<ProtocolVersion> protocols)
    {
        // The body is optional: an empty POST replays everything as recorded.
        var (body, problem) = request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null)
            ? (Everything, null) : await RequestBody.ReadAsync<ReplayRequest>(request, 64 * 1024);
        if (problem is not null) return (null, problem);

        var errors = new List<(string Field, string Error)>();
        if (body!.Protocol is { } changes) errors.AddRange(catalog.Merge(ClinicProtocols.Current(protocols).Settings, changes).Errors
            .Select(e => ("protocol" + e.Field["settings".Length..], e.Error)));
        foreach (var (ruleId, version) in body.RuleVersions ?? [])
        {
            if (!rules.Has(ruleId)) errors.Add(($"ruleVersions.{ruleId}", "is not a known rule"));
            else if (rules.ById(ruleId).Version != version)
                errors.Add(($"ruleVersions.{ruleId}", $"only the current version ({rules.ById(ruleId).Version}) can run"));
        }
        return errors.Count > 0 ? (null, Problems.Validation(errors)) : (body, null);
    }

    public bool Compares(string ruleId) => RuleVersions is null || RuleVersions.ContainsKey(ruleId);
}

/// <summary>Runs detection again over one patient's stored history and sets what it finds beside the recorded alerts.</summary>
public static class ReplayPatientEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverinePost("/api/clinics/{clinicId}/patients/{patientId}/replay")]
    [ReadsBody(typeof(ReplayRequest))]
    [ProducesResponseType<PatientReplay>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    public static async Task<IResult> Post(string clinicId, string patientId, HttpRequest request, IQuerySession session,
        RuleSet rules, ProtocolCatalog catalog, CancellationToken token)
    {
        var protocols = await ClinicProtocols.HistoryAsync(session, token);
        var (replay, problem) = await ReplayRequest.ReadAsync(request, rules, catalog, protocols);
        if (problem is not null) return problem;

        var stream = await session.Events.FetchStreamAsync(patientId, timestamp: replay!.AsOf?.ToUniversalTime(), token: token);
        if (stream.Count == 0)
            return Problems.Status(404, "Patient not found", $"Clinic '{clinicId}' had no events for patient '{patientId}' then.");
        var findings = Replay.Run(rules, Replay.TimelineOf(stream), Replay.ProtocolAt(protocols, catalog, replay.Protocol))
            .Where(f => replay.Compares(f.RuleId)).ToList();
        var alerts = (await Replay.AlertsAsOfAsync(session, patientId, replay.AsOf, token)).Where(a => replay.Compares(a.RuleId)).ToList();
        request.HttpContext.Items[ReadCount.Key] = stream.Count;

        var replayedRules = findings.Select(f => f.RuleId).ToHashSet();
        var recordedRules = alerts.Select(a => a.RuleId).ToHashSet();
        return Results.Ok(new PatientReplay(clinicId, patientId, stream[^1].Version, replay.Protocol is not null,
            findings.Select(f => new ReplayedFinding(f.RuleId, f.Severity, f.Summary, f.Evidence.Select(e => e.EventId).ToList())).ToList(),
            alerts.Select(a => new RecordedAlert(a.Id, a.RuleId, a.Severity, a.Status, a.Evidence.Select(e => e.EventId).ToList())).ToList(),
            new ReplayDiff(Sorted(replayedRules.Intersect(recordedRules)), Sorted(replayedRules.Except(recordedRules)),
                Sorted(recordedRules.Except(replayedRules)))));
    }

    static IReadOnlyList<string> Sorted(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// A proposed protocol tried on every patient of the clinic: per rule, how many patients' alerts it would add or
/// remove compared with the alerts recorded. Writes and sends nothing.
/// </summary>
public static class ReplayClinicEndpoint
{
    [Authorize(Policy = Policies.TryProtocol)]
    [WolverinePost("/api/clinics/{clinicId}/replay")]
    [ReadsBody(typeof(ReplayRequest))]
    [ProducesResponseType<ClinicReplay>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(string clinicId, HttpRequest request, IQuerySession session, EventRows rows,
        RuleSet rules, ProtocolCatalog catalog, CancellationToken token)
    {
        var protocols = await ClinicProtocols.HistoryAsync(session, token);
        var (replay, problem) = await ReplayRequest.ReadAsync(request, rules, catalog, protocols);
        if (problem is not null) return problem;

        var protocolAt = Replay.ProtocolAt(protocols, catalog, replay!.Protocol);
        // Only the two fields compared: a clinic's alerts can be a hundred thousand documents.
        var recorded = (await session.Query<Alert>().Select(a => new { a.PatientId, a.RuleId }).ToListAsync(token))
            .Select(a => (a.PatientId, a.RuleId)).ToHashSet();
        var replayed = new HashSet<(string PatientId, string RuleId)>();
        var patients = await rows.PatientsAsync(clinicId, token);
        foreach (var patientId in patients)
        {
            var stream = await session.Events.FetchStreamAsync(patientId, timestamp: replay.AsOf?.ToUniversalTime(), token: token);
            foreach (var finding in Replay.Run(rules, Replay.TimelineOf(stream), protocolAt)) replayed.Add((patientId, finding.RuleId));
        }

        var counts = rules.All.Where(r => replay.Compares(r.Id)).Select(r => new RuleReplayCount(r.Id,
            recorded.Count(x => x.RuleId == r.Id), replayed.Count(x => x.RuleId == r.Id),
            replayed.Count(x => x.RuleId == r.Id && !recorded.Contains(x)), recorded.Count(x => x.RuleId == r.Id && !replayed.Contains(x))))
            .ToList();
        return Results.Ok(new ClinicReplay(clinicId, patients.Count, replay.Protocol is not null, counts));
    }
}

public sealed record ReplayedFinding(string RuleId, Severity Severity, string Summary, IReadOnlyList<string> Evidence);

public sealed record RecordedAlert(string AlertId, string RuleId, Severity Severity, AlertStatus Status, IReadOnlyList<string> Evidence);

/// <summary>Rule ids: found by both, only by the replay, only among the recorded alerts.</summary>
public sealed record ReplayDiff(IReadOnlyList<string> Both, IReadOnlyList<string> OnlyReplayed, IReadOnlyList<string> OnlyRecorded);

public sealed record PatientReplay(
    string ClinicId, string PatientId, long Version, bool ProposedProtocol, IReadOnlyList<ReplayedFinding> Replayed,
    IReadOnlyList<RecordedAlert> Recorded, ReplayDiff Diff);

/// <summary>Per rule, counted in patients: alerts recorded, found by the replay, that it would add, that it would remove.</summary>
public sealed record RuleReplayCount(string RuleId, int Recorded, int Replayed, int Added, int Removed);

public sealed record ClinicReplay(string ClinicId, int Patients, bool ProposedProtocol, IReadOnlyList<RuleReplayCount> Rules);
