using System.Text.Json;
using Npgsql;
using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>An alert document as stored: its patient, for grouping, and its JSON, which is the alert as the API shows it.</summary>
public sealed record StoredAlert(string PatientId, string Json);

/// <summary>
/// Reads alert documents as JSON text and writes them into answers unchanged. The documents are stored with the
/// API's own JSON settings, so deserializing a page of alerts only to serialize it again would cost the list and the
/// worklist most of their time; only the order of keys differs (PostgreSQL's <c>jsonb</c> order).
/// </summary>
public static class AlertDocuments
{
    /// <summary>Documents matching <paramref name="where"/> (positional <c>?</c> parameters), newest first.</summary>
    public static async Task<IReadOnlyList<StoredAlert>> ReadAsync(IQuerySession session, string where, object[] parameters,
        string tail, CancellationToken token)
    {
        var table = session.DocumentStore.Options.Schema.For<Alert>();
        var numbered = string.Concat(where.Split('?').Select((part, i) => i == 0 ? part : $"${i}{part}"));
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand(
            $"select patient_id, data::text from {table} where {numbered} order by raised_at desc, id {tail}", connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var alerts = new List<StoredAlert>();
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
            alerts.Add(new StoredAlert(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetString(1)));
        return alerts;
    }

    /// <summary>
    /// Alerts resolved as false positives, as a condition in SQL over the given expressions for the stored status and
    /// resolution. Also the predicate of the alert table's index of them, which PostgreSQL uses only for a query
    /// that states it as written.
    /// </summary>
    public static string FalsePositive(string status, string resolution) =>
        $"(({status}) = '{JsonNames.Of(AlertStatus.Resolved)}' and ({resolution}) = '{JsonNames.Of(Resolution.FalsePositive)}')";

    /// <summary>The stored status and resolution of an alert document, for <see cref="FalsePositive"/>.</summary>
    public const string StatusColumn = "data ->> 'status'", ResolutionColumn = "data ->> 'resolution'";

    /// <summary>How many documents match <paramref name="where"/>: for filters the counters cannot answer (a patient's).</summary>
    public static async Task<int> CountAsync(IQuerySession session, string where, object[] parameters, CancellationToken token) =>
        (await session.AdvancedSql.QueryAsync<int>(
            $"select count(*)::int from {session.DocumentStore.Options.Schema.For<Alert>()} where {where}", token, parameters)).Single();

    /// <summary>A page of the list, in the shape of <see cref="AlertPage"/>.</summary>
    public static IResult Page(IReadOnlyList<StoredAlert> items, int page, int pageSize, int total) => new Answer(json =>
    {
        WriteArray(json, "items", items);
        WritePaging(json, page, pageSize, total);
    });

    /// <summary>A page of the worklist, in the shape of <see cref="PatientAlertPage"/>.</summary>
    public static IResult Worklist(IReadOnlyList<(string PatientId, Severity Highest, IReadOnlyList<StoredAlert> Alerts)> patients,
        int page, int pageSize, int total) => new Answer(json =>
    {
        json.WriteStartArray("patients");
        foreach (var (patientId, highest, alerts) in patients)
        {
            json.WriteStartObject();
            json.WriteString("patientId", patientId);
            json.WriteString("highestSeverity", JsonNames.Of(highest));
            WriteArray(json, "alerts", alerts);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WritePaging(json, page, pageSize, total);
    });

    static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<StoredAlert> alerts)
    {
        json.WriteStartArray(name);
        foreach (var alert in alerts) json.WriteRawValue(alert.Json, skipInputValidation: true);
        json.WriteEndArray();
    }

    static void WritePaging(Utf8JsonWriter json, int page, int pageSize, int total)
    {
        json.WriteNumber("page", page);
        json.WriteNumber("pageSize", pageSize);
        json.WriteNumber("total", total);
    }

    sealed class Answer(Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
            await json.FlushAsync(context.RequestAborted);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }
}
