using Microsoft.AspNetCore.Mvc;
using Wolverine.Runtime;

namespace WarningSystem.Alerts.Delivery;

/// <summary>A clinic's deliveries that failed every retry, newest first, ready to replay.</summary>
public static class GetWebhookDeadLettersEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType<WebhookDeadLetterList>(StatusCodes.Status200OK)]
    [WolverineGet("/api/clinics/{clinicId}/webhooks/dead-letters")]
    public static async Task<IResult> Get(string clinicId, IWolverineRuntime runtime, CancellationToken token)
    {
        var deadLetters = await ClinicDeadLetters<DeliverWebhook>.ForClinicAsync(runtime.Storage.DeadLetters, clinicId, token);
        return Results.Ok(new WebhookDeadLetterList(
            deadLetters.Select(d => WebhookDeadLetter.From(d, runtime.Options)).OrderByDescending(d => d.FailedAt).ToList()));
    }
}

public sealed record WebhookDeadLetterList(IReadOnlyList<WebhookDeadLetter> Items);
