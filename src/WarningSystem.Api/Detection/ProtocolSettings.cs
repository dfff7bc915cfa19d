using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WarningSystem.Detection;

/// <summary>Reading, merging and checking protocol settings: pure functions over <see cref="Protocol"/>.</summary>
public static class ProtocolSettings
{
    static readonly JsonSerializerOptions Strict = new(JsonSetup.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The settings record of one rule: rule "dose-above-authorized" reads property DoseAboveAuthorized.</summary>
    public static object For(Protocol protocol, string ruleId)
    {
        var name = string.Concat(ruleId.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return typeof(Protocol).GetProperty(name)?.GetValue(protocol)
            ?? throw new InvalidOperationException($"Protocol has no settings for rule {ruleId}");
    }

    /// <summary>Applies a partial settings object to the current protocol; what it does not name stays.</summary>
    public static (Protocol? Protocol, List<(string Field, string Error)> Errors) Merge(Protocol current, JsonElement changes)
    {
        var errors = new List<(string, string)>();
        if (changes.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("settings", "must be a JSON object"));
            return (null, errors);
        }
        var merged = JsonSerializer.SerializeToNode(current, JsonSetup.Options)!.AsObject();
        MergeInto(merged, JsonObject.Create(changes)!);
        Protocol protocol;
        try
        {
            protocol = merged.Deserialize<Protocol>(Strict)!;
        }
        catch (JsonException e)
        {
            errors.Add(($"settings{e.Path?.TrimStart('$')}", "is not a known setting, or has the wrong type"));
            return (null, errors);
        }
        errors.AddRange(Check(protocol));
        return (errors.Count == 0 ? protocol : null, errors);
    }

    static void MergeInto(JsonObject target, JsonObject changes)
    {
        foreach (var (key, value) in changes.ToList())
        {
            if (value is JsonObject nested && target[key] is JsonObject existing) MergeInto(existing, nested);
            else target[key] = value?.DeepClone();
        }
    }

    /// <summary>Every count, window and threshold must be positive; only a tolerance may be zero.</summary>
    public static IEnumerable<(string Field, string Error)> Check(Protocol protocol)
    {
        foreach (var group in typeof(Protocol).GetProperties().Where(p => p.PropertyType.IsClass))
        {
            var settings = group.GetValue(protocol);
            foreach (var property in group.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var value = Convert.ToDecimal(property.GetValue(settings));
                var field = $"settings.{JsonNamingPolicy.CamelCase.ConvertName(group.Name)}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}";
                if (property.Name.Contains("Percent") ? value < 0 : value <= 0)
                    yield return (field, property.Name.Contains("Percent") ? "must not be negative" : "must be greater than 0");
            }
        }
    }
}
