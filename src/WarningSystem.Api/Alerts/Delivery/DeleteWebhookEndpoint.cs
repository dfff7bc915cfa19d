using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Alerts.Delivery;

/// <summary>Removes a webhook. Deliveries already queued for it are dropped when their turn comes.</summary>
public static class DeleteWebhookEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemAnswers(404)]
    [WolverineDelete("/api/clinics/{clinicId}/webhooks/{webhookId}")]
    public static async Task<IResult> Delete(string clinicId, string webhookId, IDocumentSession session, CancellationToken token)
    {
        if (await session.LoadAsync<Webhook>(webhookId, token) is null)
            return Problems.NotFound("webhook", clinicId, webhookId);
        session.Delete<Webhook>(webhookId);
        return Results.NoContent();
    }
}
