namespace WarningSystem.Shared;

/// <summary>RFC 7807 answers shared by every endpoint.</summary>
public static class Problems
{
    public static IResult Validation(IEnumerable<(string Field, string Error)> errors, string detail = "The request has invalid fields.")
        => Results.ValidationProblem(ByField(errors), detail: detail, title: "Invalid request");

    public static Dictionary<string, string[]> ByField(IEnumerable<(string Field, string Error)> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray());

    public static IResult Status(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>404 for a thing the clinic does not have, e.g. <c>NotFound("alert", "north", id)</c>.</summary>
    public static IResult NotFound(string thing, string clinicId, string id) =>
        Status(404, $"{char.ToUpperInvariant(thing[0])}{thing[1..]} not found", $"Clinic '{clinicId}' has no {thing} '{id}'.");
}
