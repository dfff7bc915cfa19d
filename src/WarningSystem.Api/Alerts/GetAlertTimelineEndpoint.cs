using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using JasperFx.Events;

namespace WarningSystem.Alerts;

/// <summary>The alert's whole history: raised, evidence added, acknowledged, escalated, resolved, in order.</summary>
public static class GetAlertTimelineEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [ProducesResponseType<AlertTimeline>(StatusCodes.Status200OK)]
    [ProblemAnswers(404)]
    [WolverineGet("/api/clinics/{clinicId}/alerts/{alertId}/timeline")]
    public static async Task<IResult> Get(string clinicId, string alertId, IQuerySession session, CancellationToken token)
    {
        var events = await session.Events.FetchStreamAsync(alertId, token: token);
        return events.Count == 0
            ? Problems.NotFound("alert", clinicId, alertId)
            : Results.Ok(new AlertTimeline(alertId, events.Select(AlertTimelineEntry.From).ToList()));
    }
}

public sealed record AlertTimeline(string AlertId, IReadOnlyList<AlertTimelineEntry> Events);

public sealed record AlertTimelineEntry(string Type, long Version, long Sequence, DateTimeOffset RecordedAt, JsonElement Data)
{
    public static AlertTimelineEntry From(IEvent e) => new(e.EventType.Name, e.Version, e.Sequence, e.Timestamp,
        JsonSerializer.SerializeToElement(e.Data, e.EventType, JsonSetup.Options));
}
