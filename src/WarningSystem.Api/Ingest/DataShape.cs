using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WarningSystem.Ingest;

/// <summary>
/// Checks an event's "data" object field by field against the event record's constructor, so a sender learns
/// every missing, unknown or malformed field at once instead of the first deserialisation failure.
/// </summary>
public static class DataShape
{
    public const int MaxStringLength = 200;

    public static List<(string Field, string Error)> Check(Type eventType, JsonElement data)
    {
        var errors = new List<(string, string)>();
        if (data.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("data", "must be a JSON object"));
            return errors;
        }

        var parameters = Parameters(eventType);
        foreach (var property in data.EnumerateObject())
        {
            if (!parameters.ContainsKey(property.Name))
                errors.Add(($"data.{property.Name}", $"is not a field of {eventType.Name}"));
        }

        foreach (var (name, parameter) in parameters)
        {
            var field = $"data.{name}";
            if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (Required.Contains(parameter)) errors.Add((field, "is required"));
                continue;
            }
            if (CheckValue(parameter.ParameterType, value) is { } error) errors.Add((field, error));
        }
        return errors;
    }

    static string? CheckValue(Type type, JsonElement value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return value.ValueKind != JsonValueKind.String ? "must be a string"
                : string.IsNullOrWhiteSpace(value.GetString()) ? "must not be blank"
                : value.GetString()!.Length > MaxStringLength ? $"must be at most {MaxStringLength} characters"
                : null;
        if (type == typeof(DateTimeOffset))
            return value.ValueKind == JsonValueKind.String && Timestamp.TryParse(value.GetString(), out _)
                ? null : "must be an ISO-8601 timestamp with a time zone, like 2026-11-20T10:00:00Z";
        if (type == typeof(bool))
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false";
        if (type == typeof(int))
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : "must be a whole number";
        if (type == typeof(decimal))
            return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _) ? null : "must be a number";
        if (type.IsEnum)
            return value.ValueKind == JsonValueKind.String && TryEnum(type, value) ? null
                : $"must be one of: {JsonNames.Listed(type)}";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            if (value.ValueKind != JsonValueKind.Array) return "must be an array";
            var itemType = type.GetGenericArguments()[0];
            return value.EnumerateArray().Select(item => CheckValue(itemType, item)).FirstOrDefault(e => e is not null)
                is { } itemError ? $"every item {itemError}" : null;
        }
        throw new NotSupportedException($"No shape check for {type.Name}");
    }

    static bool TryEnum(Type type, JsonElement value)
    {
        try { JsonSerializer.Deserialize(value, type, JsonSetup.Options); return true; }
        catch (JsonException) { return false; }
    }


    static bool IsRequired(ParameterInfo parameter)
    {
        if (parameter.HasDefaultValue) return false;
        if (Nullable.GetUnderlyingType(parameter.ParameterType) is not null) return false;
        if (parameter.ParameterType.IsValueType) return true;
        return new NullabilityInfoContext().Create(parameter).WriteState != NullabilityState.Nullable;
    }

    static readonly Dictionary<Type, Dictionary<string, ParameterInfo>> ParameterCache =
        EventCatalog.Types.Values.ToDictionary(t => t, t => t.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Length).First().GetParameters()
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!), StringComparer.Ordinal));

    static Dictionary<string, ParameterInfo> Parameters(Type eventType) => ParameterCache[eventType];

    // Nullability is read once per parameter: it is reflection-heavy and on the ingest hot path.
    static readonly HashSet<ParameterInfo> Required =
        ParameterCache.Values.SelectMany(p => p.Values).Where(IsRequired).ToHashSet();
}

/// <summary>Timestamps must say their offset: a bare local time from an EHR in another zone would shift every rule window.</summary>
public static partial class Timestamp
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Iso8601WithOffset();

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && Iso8601WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out value);
    }
}
