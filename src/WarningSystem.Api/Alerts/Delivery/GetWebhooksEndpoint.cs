using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Alerts.Delivery;

/// <summary>A clinic's webhooks, oldest first, without their secrets.</summary>
public static class GetWebhooksEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType<WebhookList>(StatusCodes.Status200OK)]
    [WolverineGet("/api/clinics/{clinicId}/webhooks")]
    public static async Task<IResult> Get(string clinicId, IQuerySession session, CancellationToken token)
    {
        var webhooks = await session.Query<Webhook>().OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(token);
        return Results.Ok(new WebhookList(webhooks.Select(w => w.ToView()).ToList()));
    }
}

public sealed record WebhookList(IReadOnlyList<WebhookView> Items);
