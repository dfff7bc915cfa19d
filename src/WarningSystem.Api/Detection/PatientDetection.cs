using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Detection;

/// <summary>
/// How far detection has taken one patient's stream: the last event it judged or, when a rule could not judge it,
/// handed to <see cref="DetectEventAgain"/>. Written in the subscription's own transaction, so it never runs ahead
/// of the findings it stands for. <c>Id</c> is the patient id, within the clinic.
/// </summary>
public sealed record PatientDetection(string Id, long Version, long Sequence, DateTimeOffset TakenAt);

/// <summary>The patient's detection progress beside the stream's own version, so an auditor sees that nothing was skipped.</summary>
public sealed record PatientDetectionView(string PatientId, long StreamVersion, long DetectedVersion, long DetectedSequence,
    DateTimeOffset TakenAt, bool CaughtUp);

public static class PatientDetectionEndpoint
{
    [Authorize(Policy = Policies.Audit)]
    [ProducesResponseType<PatientDetectionView>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    [WolverineGet("/api/clinics/{clinicId}/patients/{patientId}/detection")]
    public static async Task<IResult> Get(string clinicId, string patientId, IQuerySession session, CancellationToken token)
    {
        var stream = await session.Events.FetchStreamStateAsync(patientId, token);
        if (stream is null) return Problems.NotFound("patient", clinicId, patientId);
        var progress = await session.LoadAsync<PatientDetection>(patientId, token);
        return Results.Ok(new PatientDetectionView(patientId, stream.Version, progress?.Version ?? 0, progress?.Sequence ?? 0,
            progress?.TakenAt ?? DateTimeOffset.MinValue, progress?.Version >= stream.Version));
    }
}
