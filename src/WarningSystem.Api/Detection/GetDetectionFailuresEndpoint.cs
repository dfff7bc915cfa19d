using Microsoft.AspNetCore.Mvc;
using Wolverine.Runtime;

namespace WarningSystem.Detection;

/// <summary>A clinic's patient events that a rule could not judge, newest first; <c>patientId</c> narrows to one patient.</summary>
public static class GetDetectionFailuresEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType<DetectionFailureList>(StatusCodes.Status200OK)]
    [WolverineGet("/api/clinics/{clinicId}/detection/failures")]
    public static async Task<IResult> Get(string clinicId, string? patientId, IWolverineRuntime runtime, CancellationToken token)
    {
        var deadLetters = await ClinicDeadLetters<DetectEventAgain>.ForClinicAsync(runtime.Storage.DeadLetters, clinicId, token);
        return Results.Ok(new DetectionFailureList(deadLetters.Select(d => DetectionFailure.From(d, runtime.Options))
            .Where(f => patientId is null || f.PatientId == patientId)
            .OrderByDescending(f => f.FailedAt).ToList()));
    }
}
