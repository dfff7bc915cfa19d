using Microsoft.AspNetCore.Mvc;
using System.Text.Json;

namespace WarningSystem.Ingest;

/// <summary>
/// Up to 1000 events in one request, each with its own outcome: a rejected item is reported and never blocks or
/// loses the valid ones, which are committed together.
/// </summary>
public static class PostBatchEndpoint
{
    public const int MaxEvents = 1000;
    const long MaxBodyBytes = 8 * 1024 * 1024;

    [Authorize(Policy = Policies.Ingest)]
    [ReadsBody(typeof(BatchSubmission), Example = "{\"events\":[" + PostEventEndpoint.Example + "]}")]
    [ProducesResponseType<BatchResult>(StatusCodes.Status200OK)]
    [WolverinePost("/api/clinics/{clinicId}/events/batch")]
    public static async Task<IResult> Post(string clinicId, HttpRequest request, IngestWriter writer, TimeProvider clock)
    {
        var (json, problem) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes);
        if (problem is not null) return problem;
        using var _ = json;

        if (json!.RootElement.ValueKind != JsonValueKind.Object
            || !json.RootElement.TryGetProperty("events", out var items) || items.ValueKind != JsonValueKind.Array)
            return Problems.Validation([("events", "is required and must be an array")]);
        if (items.GetArrayLength() is 0 or > MaxEvents)
            return Problems.Validation([("events", $"must hold between 1 and {MaxEvents} events")]);

        var now = clock.GetUtcNow();
        var parsed = items.EnumerateArray().Select(item => IncomingEvent.Parse(clinicId, item, now)).ToList();
        var valid = parsed.Where(p => p.Event is not null).Select(p => p.Event!).ToList();
        for (var i = 0; i < parsed.Count; i++)
            if (parsed[i].Event is null) IngestMetrics.Rejected(items[i]);
        var outcomes = new Queue<AppendOutcome>(await writer.AppendAsync(valid, request.HttpContext.RequestAborted));

        var results = parsed.Select((p, index) => p.Event is null
            ? new BatchItemResult(index, EventIdOf(items[index]), "rejected", null, null, null, Problems.ByField(p.Errors))
            : Result(index, p.Event, outcomes.Dequeue())).ToList();
        return Results.Ok(new BatchResult(
            results.Count(r => r.Status == "accepted"), results.Count(r => r.Status == "duplicate"),
            results.Count(r => r.Status == "rejected"), results));
    }

    static BatchItemResult Result(int index, PendingEvent pending, AppendOutcome outcome) => outcome.Status switch
    {
        AppendStatus.Conflict => new(index, pending.SourceEventId, "rejected", null, null, null,
            Problems.ByField([("eventId", $"was stored before with different content (sequence {outcome.Sequence})")])),
        _ => new(index, pending.SourceEventId, outcome.Status.ToString().ToLowerInvariant(), outcome.PatientId,
            outcome.Sequence, outcome.Version, null),
    };

    static string? EventIdOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("eventId", out var id)
        && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
}

public sealed record BatchResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<BatchItemResult> Results);

public sealed record BatchItemResult(
    int Index, string? EventId, string Status, string? PatientId, long? Sequence, long? Version,
    IReadOnlyDictionary<string, string[]>? Errors);
