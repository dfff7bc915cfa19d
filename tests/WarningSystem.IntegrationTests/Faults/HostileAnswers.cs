using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>What both hostile-input scenarios judge: each answer, the events accepted, and what the store holds.</summary>
public static class HostileAnswers
{
    /// <summary>
    /// Null when the answer is acceptable: below 500, and every refusal a problem document naming its status (an
    /// OperationOutcome on the FHIR endpoints).
    /// </summary>
    public static string? Judge(int status, string? mediaType, string text, string path)
    {
        // Kestrel refuses a request line with a NUL in the path before any application code runs: a bare 400.
        if (status == 400 && text.Length == 0 && path.Contains("%00")) return null;
        // Likewise a request line past its 8 KB limit (a 3,000-character clinic id and query values): a bare 414.
        if (status == 414 && text.Length == 0 && path.Length > 8000) return null;
        if (status >= 500) return text.Length > 300 ? text[..300] : text;
        if (status < 400) return null;
        // FHIR endpoints refuse as FHIR does: an OperationOutcome with at least one issue.
        var fhir = path.Contains("/fhir", StringComparison.Ordinal);
        var expected = fhir ? "application/fhir+json" : "application/problem+json";
        if (mediaType != expected) return $"refusal as {mediaType ?? "no content type"}";
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (fhir)
                return root.TryGetProperty("resourceType", out var type) && type.GetString() == "OperationOutcome"
                    && root.TryGetProperty("issue", out var issues) && issues.GetArrayLength() > 0 ? null : "refusal that is not an OperationOutcome";
            return root.TryGetProperty("status", out var s) && s.GetInt32() == status ? null : "problem without its status";
        }
        catch (JsonException) { return "problem that is not JSON"; }
    }

    public static void RecordAccepted(string text, ConcurrentDictionary<string, string> accepted)
    {
        using var json = JsonDocument.Parse(text);
        var items = json.RootElement.TryGetProperty("results", out var results) ? results.EnumerateArray().ToArray() : [json.RootElement];
        foreach (var item in items.Where(i => i.GetProperty("status").GetString() == "accepted"))
            accepted[item.GetProperty("eventId").GetString()!] = item.GetProperty("patientId").GetString()!;
    }

    public static async Task<long> StoredEvents(string connectionString, string clinic)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Patient events only: a valid protocol change among the hostile bodies is stored as an event of the clinic too.
        await using var command = new NpgsqlCommand(
            "select count(*) from warnings.mt_events where tenant_id = @clinic and type = any(@types) " +
            // ...and not the misses the service records itself for follow-ups scheduled in the past.
            "and coalesce(data->>'systemDetected', 'false') <> 'true'", connection);
        command.Parameters.AddWithValue("clinic", clinic);
        command.Parameters.AddWithValue("types", WarningSystem.Ingest.EventCatalog.Types.Keys
            .Select(name => System.Text.RegularExpressions.Regex.Replace(name, "(?<!^)([A-Z])", "_$1").ToLowerInvariant()).ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
