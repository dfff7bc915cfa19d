using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Ingest;

/// <summary>One event from an EHR integration. Answered only once the event is committed.</summary>
public static class PostEventEndpoint
{
    const long MaxBodyBytes = 64 * 1024;

    /// <summary>The document's example: a dose as an EHR posts it.</summary>
    public const string Example = """
        {"eventId":"ehr-000123","patientId":"mrn-4711","type":"DoseGiven","occurredAt":"2026-11-20T10:00:00Z","recordedBy":"nurse-7",
         "data":{"sessionId":"s-88","drug":"ketamine","route":"IV","doseMg":35,"weightKg":70}}
        """;

    [Authorize(Policy = Policies.Ingest)]
    [ReadsBody(typeof(EventSubmission), Example = Example)]
    [ProducesResponseType<IngestReceipt>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<IngestReceipt>(StatusCodes.Status200OK)]
    [ProblemAnswers(409)]
    [WolverinePost("/api/clinics/{clinicId}/events")]
    public static async Task<IResult> Post(string clinicId, HttpRequest request, IngestWriter writer, TimeProvider clock)
    {
        var (json, problem) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes);
        if (problem is not null) return problem;
        using var _ = json;

        var (pending, errors) = IncomingEvent.Parse(clinicId, json!.RootElement, clock.GetUtcNow());
        if (pending is null)
        {
            IngestMetrics.Rejected(json.RootElement);
            return Problems.Validation(errors);
        }

        var outcome = (await writer.AppendAsync([pending], request.HttpContext.RequestAborted))[0];
        var body = new IngestReceipt(pending.SourceEventId, outcome.PatientId, outcome.Sequence, outcome.Version,
            outcome.Status.ToString().ToLowerInvariant());
        return outcome.Status switch
        {
            AppendStatus.Accepted => Results.Json(body, statusCode: StatusCodes.Status202Accepted),
            AppendStatus.Duplicate => Results.Json(body, statusCode: StatusCodes.Status200OK),
            _ => Problems.Status(409, "eventId already used",
                $"eventId '{pending.SourceEventId}' was stored before with different content (sequence {outcome.Sequence})."),
        };
    }
}

/// <summary>Where an event is stored. A retry of a stored event gets the original sequence with status "duplicate".</summary>
public sealed record IngestReceipt(string EventId, string PatientId, long Sequence, long Version, string Status);
