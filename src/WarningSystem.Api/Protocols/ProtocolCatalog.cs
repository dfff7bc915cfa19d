using System.Text.Json;
using System.Text.Json.Nodes;

namespace WarningSystem.Protocols;

/// <summary>
/// Every section the features declared: what a complete protocol holds, and how a partial change is merged and
/// checked. Pure apart from the list it is given.
/// </summary>
public sealed class ProtocolCatalog(IEnumerable<IProtocolSections> features)
{
    public IReadOnlyList<ProtocolSection> Sections { get; } = features.SelectMany(f => f.Sections).ToList();

    /// <summary>The protocol with every section written out, stored values over defaults.</summary>
    public Protocol Complete(Protocol protocol)
    {
        var all = new JsonObject();
        foreach (var section in Sections) all[section.Name] = section.Write(protocol.Read(section));
        return new(JsonSerializer.SerializeToElement(all));
    }

    /// <summary>Applies a partial settings object; what it does not name stays. Names every bad field.</summary>
    public (Protocol? Protocol, List<(string Field, string Error)> Errors) Merge(Protocol current, JsonElement changes)
    {
        var errors = new List<(string Field, string Error)>();
        if (changes.ValueKind != JsonValueKind.Object) return (null, [("settings", "must be a JSON object")]);

        var merged = new JsonObject();
        foreach (var change in changes.EnumerateObject())
        {
            var section = Sections.FirstOrDefault(s => s.Name == change.Name);
            if (section is null)
            {
                errors.Add(($"settings.{change.Name}", "is not a known setting, or has the wrong type"));
                continue;
            }
            try
            {
                var value = section.Read(Combined(section, current, change.Value), strict: true);
                errors.AddRange(section.Check(value));
                merged[section.Name] = section.Write(value);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                var path = (e as JsonException)?.Path?.TrimStart('$') ?? "";
                errors.Add(($"settings.{section.Name}{path}", "is not a known setting, or has the wrong type"));
            }
        }
        if (errors.Count > 0) return (null, errors);

        foreach (var section in Sections.Where(s => !merged.ContainsKey(s.Name)))
            merged[section.Name] = section.Write(current.Read(section));
        return (new Protocol(JsonSerializer.SerializeToElement(merged)), errors);
    }

    /// <summary>The section as stored now, with the change laid over it.</summary>
    static JsonElement Combined(ProtocolSection section, Protocol current, JsonElement change) =>
        JsonSerializer.SerializeToElement(ProtocolSection.Merge(section.Write(current.Read(section)), JsonNode.Parse(change.GetRawText())));
}
