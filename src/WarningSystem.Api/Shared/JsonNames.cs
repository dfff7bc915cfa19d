using System.Reflection;
using System.Text.Json.Serialization;

namespace WarningSystem.Shared;

/// <summary>
/// An enum's names as the API spells them (<c>JsonStringEnumMemberName</c>, e.g. "false-positive"), for query
/// parameters, validation messages and report keys: the same spelling as in JSON bodies.
/// </summary>
public static class JsonNames
{
    public static IReadOnlyList<string> Of(Type enumType) => enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name).ToList();

    public static string Of<T>(T value) where T : struct, Enum =>
        Of(typeof(T))[Array.IndexOf(Enum.GetValues<T>(), value)];

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var index = text is null ? -1 : Of(typeof(T)).ToList().IndexOf(text);
        value = index >= 0 ? Enum.GetValues<T>()[index] : default;
        return index >= 0;
    }

    public static string Listed(Type enumType) => string.Join(", ", Of(enumType));
}
