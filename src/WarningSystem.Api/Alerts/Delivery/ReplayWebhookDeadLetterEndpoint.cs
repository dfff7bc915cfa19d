using Microsoft.AspNetCore.Mvc;
using Wolverine.Runtime;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// Sends a dead-lettered delivery again, with its original idempotency key, once the receiver is fixed. Wolverine
/// moves it back to the webhooks queue on its next durability pass, so the answer is 202.
/// </summary>
public static class ReplayWebhookDeadLetterEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProblemAnswers(404)]
    [WolverinePost("/api/clinics/{clinicId}/webhooks/dead-letters/{deadLetterId}/replay")]
    public static async Task<IResult> Post(string clinicId, string deadLetterId, IWolverineRuntime runtime, CancellationToken token)
    {
        if (await ClinicDeadLetters<DeliverWebhook>.ReplayAsync(runtime.Storage.DeadLetters, clinicId, deadLetterId, token) is not { } id)
            return Problems.Status(404, "Dead letter not found", $"Clinic '{clinicId}' has no failed delivery '{deadLetterId}'.");
        return Results.Accepted(value: new { id, status = "replaying" });
    }
}
