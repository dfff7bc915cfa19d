using Microsoft.AspNetCore.Mvc;
using WarningSystem.Alerts;

namespace WarningSystem.Fhir;

/// <summary>
/// CDS Hooks feedback: each accepted or overridden card is recorded on its alert's timeline (with the override reason)
/// and counted per rule in the alert metrics.
/// </summary>
public static class CdsFeedbackEndpoint
{
    [Authorize(Policy = Policies.DecisionSupport)]
    [ReadsBody(typeof(CdsFeedback))]
    [ProducesResponseType<CdsFeedbackReceipt>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    [WolverinePost("/api/clinics/{clinicId}/cds-services/{serviceId}/feedback")]
    public static async Task<IResult> Post(string clinicId, string serviceId, HttpRequest request, IDocumentSession session,
        TimeProvider clock, CancellationToken token)
    {
        if (serviceId is not (CdsCards.ServiceId or CdsCards.OrderServiceId))
            return Problems.Status(404, "No such CDS service", $"Clinic '{clinicId}' has no CDS service '{serviceId}'.");
        var (body, problem) = await RequestBody.ReadAsync<CdsFeedback>(request);
        if (problem is not null) return problem;
        if (body!.Feedback is not { Count: > 0 and <= 100 } items) return Problems.Validation([("feedback", "must hold 1 to 100 items")]);

        var errors = new List<(string, string)>();
        var decided = new List<AlertCardFeedback>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var alertId = CdsCards.AlertIdOf(item.Card);
            if (alertId is null) errors.Add(($"feedback[{i}].card", "must be the uuid of a card this service returned"));
            if (!JsonNames.TryParse<CardOutcome>(item.Outcome, out var outcome))
                errors.Add(($"feedback[{i}].outcome", "must be accepted or overridden"));
            var comment = item.OverrideReason?.UserComment;
            if (comment?.Length > AlertCommands.MaxText) errors.Add(($"feedback[{i}].overrideReason.userComment", $"must be at most {AlertCommands.MaxText} characters"));
            if (alertId is not null)
                decided.Add(new(alertId, outcome, item.OverrideReason?.Reason?.Code, comment, item.OutcomeTimestamp ?? clock.GetUtcNow()));
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        foreach (var feedback in decided)
        {
            if (await session.LoadAsync<Alert>(feedback.AlertId, token) is null)
                return Problems.Status(404, "Card not found", $"No alert of clinic '{clinicId}' has the card '{CdsCards.Uuid(feedback.AlertId)}'.");
            session.Events.Append(feedback.AlertId, feedback);
        }
        EventTrace.StampSession(session);
        return Results.Ok(new CdsFeedbackReceipt(decided.Count));
    }
}

/// <summary>How many feedback items were recorded.</summary>
public sealed record CdsFeedbackReceipt(int Recorded);
