using System.Text.Json;
using JasperFx.Events;
using WarningSystem.Ingest;

namespace WarningSystem.Audit;

/// <summary>
/// A patient's stream with event time and record time side by side. Without parameters, the whole stream in stored
/// order. <c>type</c>, <c>from</c>/<c>to</c> (on <c>timeField</c>: occurredAt or recordedAt) filter it and
/// <c>page</c>/<c>pageSize</c> page it; <c>Accept: application/x-ndjson</c> or <c>text/csv</c> exports every
/// matching event, streamed from the database.
/// </summary>
public static class PatientHistoryEndpoint
{
    [ProblemAnswers(404)]
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverineGet("/api/clinics/{clinicId}/patients/{patientId}/events")]
    public static async Task<IResult> Get(string clinicId, string patientId, HttpRequest request, IQuerySession session,
        EventRows rows, CancellationToken token, string? type = null, string? from = null, string? to = null,
        string? timeField = null, int? page = null, int? pageSize = null)
    {
        var (query, errors) = HistoryQuery.Parse(type, from, to, timeField, page, pageSize);
        if (query is null) return Problems.Validation(errors);
        var format = HistoryExport.FormatFor(request);

        if (query.IsEverything && format is null)
        {
            // The rows pass through as stored: no event is deserialized only to be serialized again.
            var (all, allParameters) = query.Filter(clinicId, patientId, null);
            var stream = await rows.ReadAsync(all, allParameters, "", token, EventRows.StreamOrder).ToListAsync(token);
            request.HttpContext.Items[ReadCount.Key] = stream.Count;
            return stream.Count == 0 ? NoSuchPatient(clinicId, patientId) : new Whole(clinicId, patientId, stream, rows);
        }

        if (await session.Events.FetchStreamStateAsync(patientId, token) is null) return NoSuchPatient(clinicId, patientId);
        var (where, parameters) = query.Filter(clinicId, patientId,
            query.Type is null ? null : rows.AliasOf(EventCatalog.Types[query.Type]));

        if (format is not null)
            return new Export(format, rows.ReadAsync(where, parameters, query.Page is { } p
                ? $"limit {query.PageSize} offset {(long)(p - 1) * query.PageSize}" : "", token, EventRows.StreamOrder), rows);

        // A filtered JSON answer is always paged: a filter is no way around the page size.
        var pageNo = query.Page ?? 1;
        var total = await rows.CountAsync(where, parameters, token);
        var sequences = await rows.ReadAsync(where, parameters,
                $"limit {query.PageSize} offset {(long)(pageNo - 1) * query.PageSize}", token, EventRows.StreamOrder)
            .Select(r => r.Sequence).ToArrayAsync(token);
        var found = await session.Events.QueryAllRawEvents().Where(e => e.Sequence.IsOneOf(sequences))
            .OrderBy(e => e.Sequence).ToListAsync(token);
        request.HttpContext.Items[ReadCount.Key] = found.Count;
        return Results.Ok(new PatientEvents(clinicId, patientId, found.Select(PatientEvent.From).ToList())
        {
            Page = pageNo, PageSize = query.PageSize, Total = total,
        });
    }

    static IResult NoSuchPatient(string clinicId, string patientId) =>
        Problems.Status(404, "Patient not found", $"Clinic '{clinicId}' has no events for patient '{patientId}'.");

    /// <summary>The whole stream as JSON, in the shape of <see cref="PatientEvents"/>, each event written from its row.</summary>
    sealed class Whole(string clinicId, string patientId, IReadOnlyList<EventRow> stream, EventRows rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
            json.WriteStartObject();
            json.WriteString("clinicId", clinicId);
            json.WriteString("patientId", patientId);
            json.WriteStartArray("events");
            foreach (var row in stream) HistoryExport.WriteObject(json, row, rows);
            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(context.RequestAborted);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>Writes the export once the response starts; the rows are read as they are written.</summary>
    sealed class Export(string format, IAsyncEnumerable<EventRow> events, EventRows rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var count = await HistoryExport.WriteAsync(context.Response, format, events, rows, context.RequestAborted);
            context.Items[ReadCount.Key] = count;
        }
    }
}

/// <summary>How many records a read answered, for the read access log.</summary>
public static class ReadCount
{
    public const string Key = "audit.count";
}

/// <summary>The default answer is the whole stream; the paging fields appear only on a paged answer.</summary>
public sealed record PatientEvents(string ClinicId, string PatientId, IReadOnlyList<PatientEvent> Events)
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    public long? Total { get; init; }
}

public sealed record PatientEvent(
    string EventId, string Type, long Sequence, long Version, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt,
    string? RecordedBy, JsonElement Data)
{
    public static PatientEvent From(IEvent e) => new(
        e.SourceEventIdOf(), EventCatalog.NameOf(e.EventType), e.Sequence, e.Version,
        e.OccurredAtOf(), e.Timestamp, e.Text(EventHeaders.RecordedBy),
        JsonSerializer.SerializeToElement(e.Data, e.EventType, JsonSetup.Options));
}
