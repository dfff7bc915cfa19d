using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WarningSystem.Protocols;

/// <summary>
/// A clinic's protocol as stored: one JSON object of sections by name. Features read their own section with
/// <see cref="Get{T}"/>, which falls back to the section's defaults for anything not stored. Immutable.
/// </summary>
[JsonConverter(typeof(ProtocolJsonConverter))]
public sealed class Protocol
{
    // Keyed by the section itself, not its name: two rule sets may each have a composite section of the same name.
    readonly ConcurrentDictionary<ProtocolSection, object> read = new();

    public JsonElement Stored { get; }

    public Protocol(JsonElement stored) => Stored = stored.ValueKind == JsonValueKind.Object
        ? stored.Clone()
        : throw new ArgumentException("A protocol is a JSON object of sections", nameof(stored));

    /// <summary>Nothing stored: every section at its defaults.</summary>
    public static readonly Protocol Default = new(JsonDocument.Parse("{}").RootElement);

    /// <summary>One section's settings; read once per protocol, then kept.</summary>
    public T Get<T>(ProtocolSection<T> section) where T : notnull => (T)Read(section);

    public object Read(ProtocolSection section) => read.GetOrAdd(section, s => s.Read(StoredPart(s.Name), strict: false));

    public JsonElement? StoredPart(string name) => Stored.TryGetProperty(name, out var part) ? part : null;

    /// <summary>A copy with one section replaced: how tests and replays try other settings.</summary>
    public Protocol With<T>(ProtocolSection<T> section, T value) where T : notnull
    {
        var copy = System.Text.Json.Nodes.JsonObject.Create(Stored)!;
        copy[section.Name] = section.Write(value);
        return new(JsonSerializer.SerializeToElement(copy));
    }
}

/// <summary>A protocol is written and read as its plain JSON object, in events and in API answers alike.</summary>
public sealed class ProtocolJsonConverter : JsonConverter<Protocol>
{
    public override Protocol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(JsonElement.ParseValue(ref reader));

    public override void Write(Utf8JsonWriter writer, Protocol value, JsonSerializerOptions options) => value.Stored.WriteTo(writer);
}
