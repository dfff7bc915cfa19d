using System.Text;
using System.Text.Json;
using WarningSystem.Ingest;

namespace WarningSystem.Audit;

/// <summary>
/// A patient's history written row by row as it is read from the database, as NDJSON (one event object a line,
/// the same fields as the JSON history) or CSV (data as a JSON text column). Flushed every few hundred rows, so the
/// client starts receiving at once and nothing holds the whole export.
/// </summary>
public static class HistoryExport
{
    public const string NdJson = "application/x-ndjson";
    public const string Csv = "text/csv";
    const int FlushEvery = 200;
    static readonly string[] Columns = ["eventId", "type", "sequence", "version", "occurredAt", "recordedAt", "recordedBy", "data"];

    /// <summary>The export format the Accept header asks for, or null for the JSON page.</summary>
    public static string? FormatFor(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains(NdJson, StringComparison.OrdinalIgnoreCase) ? NdJson
            : accept.Contains(Csv, StringComparison.OrdinalIgnoreCase) ? Csv
            : null;
    }

    public static async Task<int> WriteAsync(HttpResponse response, string format, IAsyncEnumerable<EventRow> rows,
        EventRows names, CancellationToken token)
    {
        response.ContentType = format == Csv ? "text/csv; charset=utf-8" : NdJson;
        var body = response.BodyWriter.AsStream();
        var count = 0;
        using var json = new Utf8JsonWriter(body);
        if (format == Csv) await body.WriteAsync(Encoding.UTF8.GetBytes(string.Join(',', Columns) + "\r\n"), token);
        await foreach (var row in rows.WithCancellation(token))
        {
            if (format == Csv) await body.WriteAsync(Encoding.UTF8.GetBytes(CsvLine(row, names)), token);
            else
            {
                WriteObject(json, row, names);
                json.Flush();
                json.Reset();
                body.WriteByte((byte)'\n');
            }
            if (++count % FlushEvery == 0) await body.FlushAsync(token);
        }
        await body.FlushAsync(token);
        return count;
    }

    /// <summary>One event as the JSON history and the NDJSON export write it, its data passed on as stored.</summary>
    public static void WriteObject(Utf8JsonWriter w, EventRow row, EventRows names)
    {
        w.WriteStartObject();
        w.WriteString("eventId", row.SourceEventId ?? row.Id.ToString());
        w.WriteString("type", names.ApiNameOf(row.TypeAlias));
        w.WriteNumber("sequence", row.Sequence);
        w.WriteNumber("version", row.Version);
        if (row.OccurredAt is not null) w.WriteString("occurredAt", row.OccurredAt);
        w.WriteString("recordedAt", row.RecordedAt);
        if (row.RecordedBy is not null) w.WriteString("recordedBy", row.RecordedBy);
        w.WritePropertyName("data");
        // PostgreSQL wrote this text from a jsonb value: it is valid JSON, so it is not parsed again on the way out.
        w.WriteRawValue(row.Data, skipInputValidation: true);
        w.WriteEndObject();
    }

    static string CsvLine(EventRow row, EventRows names)
    {
        string[] cells =
        [
            row.SourceEventId ?? row.Id.ToString(), names.ApiNameOf(row.TypeAlias), row.Sequence.ToString(), row.Version.ToString(),
            row.OccurredAt ?? "", row.RecordedAt.ToString("O"), row.RecordedBy ?? "", row.Data,
        ];
        return string.Join(',', cells.Select(Cell)) + "\r\n";
    }

    /// <summary>RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
