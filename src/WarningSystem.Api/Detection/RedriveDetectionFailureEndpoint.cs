using Microsoft.AspNetCore.Mvc;
using Wolverine.Runtime;

namespace WarningSystem.Detection;

/// <summary>
/// Judges a failed event again once the rule is fixed (deployed). Wolverine moves the dead letter back to its queue on
/// the next durability pass, so the answer is 202; the findings then reach alerts like any other. A dead letter is
/// gone once re-driven, so a second re-drive of it answers 404; one that fails again is dead-lettered anew.
/// </summary>
public static class RedriveDetectionFailureEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProblemAnswers(404)]
    [WolverinePost("/api/clinics/{clinicId}/detection/failures/{failureId}/redrive")]
    public static async Task<IResult> Post(string clinicId, string failureId, IWolverineRuntime runtime, CancellationToken token)
    {
        if (await ClinicDeadLetters<DetectEventAgain>.ReplayAsync(runtime.Storage.DeadLetters, clinicId, failureId, token) is not { } id)
            return Problems.Status(404, "Detection failure not found", $"Clinic '{clinicId}' has no failed evaluation '{failureId}'.");
        return Results.Accepted(value: new { id, status = "redriving" });
    }
}
