using System.Text.RegularExpressions;

namespace WarningSystem.Shared;

/// <summary>Clinic and patient ids: what the EHRs send, kept to characters that are safe in routes, logs and keys.</summary>
public static partial class Identifiers
{
    public const string Rule = "must be 1-100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);
}
