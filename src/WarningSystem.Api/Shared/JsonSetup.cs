using System.Text.Json;
using System.Text.Json.Serialization;

namespace WarningSystem.Shared;

/// <summary>One JSON shape for the HTTP API and for events stored in Marten, so what goes in reads back the same.</summary>
public static class JsonSetup
{
    public const int MaxDepth = 32;

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.MaxDepth = MaxDepth;
        // Enum names only: an integer for an enum is almost always a mapping bug in the sender.
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
