using Microsoft.AspNetCore.Mvc;
using Wolverine.Persistence.Durability.DeadLetterManagement;
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
        var deadLetters = runtime.Storage.DeadLetters;
        if (!Guid.TryParse(failureId, out var id) || await DetectionDeadLetters.FindAsync(deadLetters, clinicId, id) is null)
            return Problems.Status(404, "Detection failure not found", $"Clinic '{clinicId}' has no failed evaluation '{failureId}'.");

        await deadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([id]), token);
        return Results.Accepted(value: new { id, status = "redriving" });
    }
}
