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
        var decided = new List<(AlertCardFeedback Feedback, bool Timed)>();
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
                decided.Add((new(alertId, outcome, item.OverrideReason?.Reason?.Code, comment, item.OutcomeTimestamp ?? clock.GetUtcNow()),
                    item.OutcomeTimestamp is not null));
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var recorded = 0;
        foreach (var alert in decided.GroupBy(d => d.Feedback.AlertId))
        {
            if (await session.LoadAsync<Alert>(alert.Key, token) is null)
                return Problems.Status(404, "Card not found", $"No alert of clinic '{clinicId}' has the card '{CdsCards.Uuid(alert.Key)}'.");
            var stream = await session.Events.FetchStreamAsync(alert.Key, token: token);
            var earlier = stream.Select(e => e.Data).OfType<AlertCardFeedback>().ToList();
            var fresh = new List<AlertCardFeedback>();
            var seen = new List<AlertCardFeedback>();
            foreach (var (feedback, timed) in alert)
            {
                if (seen.Any(f => Same(f, feedback, timed))) continue; // the same item twice in one request
                seen.Add(feedback);
                recorded++;
                if (!earlier.Any(e => Same(e, feedback, timed))) fresh.Add(feedback);
            }
            // The expected version makes two retries racing each other one write and one 409, never two records.
            if (fresh.Count > 0) session.Events.Append(alert.Key, stream[^1].Version + fresh.Count, [.. fresh]);
        }
        EventTrace.StampSession(session);
        return Results.Ok(new CdsFeedbackReceipt(recorded));
    }

    /// <summary>
    /// EHRs retry, and a retried card counted twice would skew the per-rule metrics: feedback already on the alert's
    /// timeline with the same outcome and reason, and the same outcomeTimestamp when the EHR sent one, is not recorded
    /// again (without a timestamp, the same outcome of the same card is taken as a retry).
    /// </summary>
    static bool Same(AlertCardFeedback known, AlertCardFeedback posted, bool timed) =>
        known.Outcome == posted.Outcome && known.Reason == posted.Reason && (!timed || known.At == posted.At);
}

/// <summary>
/// How many distinct feedback items of the request are on record, recorded now or by an earlier try of the same
/// request (so a retry answers the same).
/// </summary>
public sealed record CdsFeedbackReceipt(int Recorded);
