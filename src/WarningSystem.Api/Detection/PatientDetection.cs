using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Detection;

/// <summary>
/// The patient's detection progress beside the stream's own version, so an auditor sees that nothing was skipped:
/// the patient's last event at or below detection's recorded position (judged, or handed to
/// <see cref="DetectEventAgain"/>), and when detection recorded that position.
/// </summary>
public sealed record PatientDetectionView(string PatientId, long StreamVersion, long DetectedVersion, long DetectedSequence,
    DateTimeOffset TakenAt, bool CaughtUp);

public static class PatientDetectionEndpoint
{
    // Detection takes the log in order and records its position in the same transaction as its findings, so every
    // event of the patient up to that position has been taken; no record per patient is written for it (that write
    // was a quarter to a third of PostgreSQL's work while detection caught up on a backlog).
    static readonly string Shard = new ShardName(DetectionSubscription.Name).Identity;

    sealed record Position(long Version, long Sequence, DateTimeOffset? TakenAt);

    [Authorize(Policy = Policies.Audit)]
    [ProducesResponseType<PatientDetectionView>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    [WolverineGet("/api/clinics/{clinicId}/patients/{patientId}/detection")]
    public static async Task<IResult> Get(string clinicId, string patientId, IQuerySession session, CancellationToken token)
    {
        var stream = await session.Events.FetchStreamStateAsync(patientId, token);
        if (stream is null) return Problems.NotFound("patient", clinicId, patientId);
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var taken = (await session.AdvancedSql.QueryAsync<Position>($"""
            select jsonb_build_object('version', coalesce(max(e.version), 0), 'sequence', coalesce(max(e.seq_id), 0), 'takenAt', p.last_updated)
            from {schema}.mt_event_progression p
            left join {schema}.mt_events e on e.tenant_id = ? and e.stream_id = ? and e.seq_id <= p.last_seq_id
            where p.name = ? group by p.last_updated
            """, token, clinicId, patientId, Shard)).SingleOrDefault();
        return Results.Ok(new PatientDetectionView(patientId, stream.Version, taken?.Version ?? 0, taken?.Sequence ?? 0,
            taken?.TakenAt ?? DateTimeOffset.MinValue, taken?.Version >= stream.Version));
    }
}
