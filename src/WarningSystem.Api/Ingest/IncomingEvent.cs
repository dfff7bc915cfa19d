using System.Text.Json;

namespace WarningSystem.Ingest;

/// <summary>
/// Turns one posted event envelope into a <see cref="PendingEvent"/>, or into the complete list of what is wrong
/// with it. Pure: the clock is a parameter.
/// </summary>
public static class IncomingEvent
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
    static readonly string[] EnvelopeFields = ["eventId", "patientId", "type", "occurredAt", "recordedBy", "data"];

    public static (PendingEvent? Event, List<(string Field, string Error)> Errors) Parse(
        string clinicId, JsonElement item, DateTimeOffset now)
    {
        var errors = new List<(string Field, string Error)>();
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("", "each event must be a JSON object"));
            return (null, errors);
        }
        foreach (var property in item.EnumerateObject())
        {
            if (!EnvelopeFields.Contains(property.Name, StringComparer.Ordinal))
                errors.Add((property.Name, "is not a field of the event envelope"));
        }

        var eventId = Text(item, "eventId", errors);
        var patientId = Text(item, "patientId", errors);
        if (patientId is not null && !Identifiers.IsValid(patientId)) errors.Add(("patientId", Identifiers.Rule));
        var recordedBy = Text(item, "recordedBy", errors);

        var occurredAtText = Text(item, "occurredAt", errors);
        DateTimeOffset occurredAt = default;
        if (occurredAtText is not null && !Timestamp.TryParse(occurredAtText, out occurredAt))
            errors.Add(("occurredAt", "must be an ISO-8601 timestamp with a time zone, like 2026-11-20T10:00:00Z"));
        else if (occurredAtText is not null && occurredAt > now + MaxClockSkew)
            errors.Add(("occurredAt", $"must not be more than {MaxClockSkew.TotalMinutes:0} minutes in the future"));

        var typeName = Text(item, "type", errors);
        Type? type = null;
        if (typeName is not null && !EventCatalog.Types.TryGetValue(typeName, out type))
            errors.Add(("type", $"unknown event type; expected one of: {string.Join(", ", EventCatalog.Types.Keys)}"));

        object? normalized = null;
        if (!item.TryGetProperty("data", out var data)) errors.Add(("data", "is required"));
        else if (type is not null && DataShape.Check(type, data) is var shapeErrors && shapeErrors.Count > 0)
            errors.AddRange(shapeErrors);
        else if (type is not null)
        {
            (normalized, var ruleErrors) = DataRules.Normalize(data.Deserialize(type, JsonSetup.Options)!);
            errors.AddRange(ruleErrors);
        }

        return errors.Count > 0 || normalized is null
            ? (null, errors)
            : (PendingEvent.Create(clinicId, patientId!, eventId!, normalized, occurredAt, recordedBy!), errors);
    }

    static string? Text(JsonElement item, string name, List<(string Field, string Error)> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add((name, "is required"));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String) errors.Add((name, "must be a string"));
        else if (string.IsNullOrWhiteSpace(value.GetString())) errors.Add((name, "must not be blank"));
        else if (value.GetString()!.Length > DataShape.MaxStringLength)
            errors.Add((name, $"must be at most {DataShape.MaxStringLength} characters"));
        else return value.GetString();
        return null;
    }
}
