using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WarningSystem.Protocols;

/// <summary>
/// One named part of a clinic's protocol (a rule's thresholds, the escalation delays, the follow-up grace period),
/// declared by the feature that reads it. The protocol knows none of them: it keeps what was stored, and each
/// section reads its part over its own defaults, so a section added later reads its defaults from old protocols.
/// </summary>
public abstract class ProtocolSection(string name)
{
    public string Name { get; } = name;

    public abstract object DefaultValue { get; }

    /// <summary>The section's value from what a protocol stores, over the defaults. Strict: unknown fields throw.</summary>
    public abstract object Read(JsonElement? stored, bool strict);

    public abstract JsonNode Write(object value);

    /// <summary>Values outside the section's bounds, named as the API names them.</summary>
    public abstract IEnumerable<(string Field, string Error)> Check(object value);

    /// <summary>"dose-above-authorized" → "doseAboveAuthorized": a rule's settings are named after the rule.</summary>
    public static string NameFor(string ruleId)
    {
        var pascal = string.Concat(ruleId.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return JsonNamingPolicy.CamelCase.ConvertName(pascal);
    }

    /// <summary>Nested objects merge; anything else in <paramref name="changes"/> replaces what is there.</summary>
    public static JsonNode Merge(JsonNode target, JsonNode? changes)
    {
        if (target is not JsonObject into || changes is not JsonObject from) return changes?.DeepClone() ?? target;
        foreach (var (key, value) in from.ToList())
            into[key] = into[key] is { } existing && value is JsonObject ? Merge(existing, value) : value?.DeepClone();
        return into;
    }
}

/// <summary>A setting that may be zero (a tolerance); every other number in a section must be greater than zero.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class MayBeZeroAttribute : Attribute;

/// <summary>A section whose value is a record (or a single value) with defaults; its numbers must be positive.</summary>
public class ProtocolSection<T>(string name, T defaults) : ProtocolSection(name) where T : notnull
{
    static readonly JsonSerializerOptions Strict = new(JsonSetup.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public T Defaults { get; } = defaults;

    public override object DefaultValue => Defaults;

    public override object Read(JsonElement? stored, bool strict)
    {
        if (stored is not { } value) return Defaults;
        var merged = Merge(Write(Defaults), JsonNode.Parse(value.GetRawText()));
        return merged.Deserialize<T>(strict ? Strict : JsonSetup.Options)
               ?? throw new JsonException($"{Name} must not be null", "$", null, null);
    }

    public override JsonNode Write(object value) => JsonSerializer.SerializeToNode(value, typeof(T), JsonSetup.Options)!;

    public override IEnumerable<(string Field, string Error)> Check(object value)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType != typeof(int) && property.PropertyType != typeof(decimal)) continue;
            var number = Convert.ToDecimal(property.GetValue(value));
            var zeroAllowed = property.GetCustomAttribute<MayBeZeroAttribute>() is not null;
            if (zeroAllowed ? number >= 0 : number > 0) continue;
            yield return ($"settings.{Name}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}",
                zeroAllowed ? "must not be negative" : "must be greater than 0");
        }
    }
}

/// <summary>What a feature contributes to the protocol: its sections.</summary>
public interface IProtocolSections
{
    IEnumerable<ProtocolSection> Sections { get; }
}

/// <summary>A fixed list of sections, for a feature whose settings depend on nothing else.</summary>
public sealed class ProtocolSections(params ProtocolSection[] sections) : IProtocolSections
{
    public IEnumerable<ProtocolSection> Sections => sections;
}
