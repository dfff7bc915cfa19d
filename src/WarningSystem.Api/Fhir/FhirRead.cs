using System.Globalization;
using Hl7.Fhir.Model;

namespace WarningSystem.Fhir;

/// <summary>
/// Reads one resource's elements, collecting an issue (with the element's FHIRPath) for each that is missing or wrong,
/// and resolves references to contained resources and to other entries of the same Bundle.
/// </summary>
public sealed class FhirRead(Resource resource, IReadOnlyDictionary<string, Resource> bundle)
{
    public List<FhirIssue> Issues { get; } = [];
    public string Type => resource.TypeName;

    public void Invalid(string path, string message, OperationOutcome.IssueType code = OperationOutcome.IssueType.CodeInvalid) =>
        Issues.Add(new(code, message, $"{Type}.{path}"));

    public void Required(string path, string what) => Invalid(path, $"is required: {what}", OperationOutcome.IssueType.Required);

    /// <summary>The source event id: logical id and version, so a resubmitted version is a duplicate.</summary>
    public string EventId => $"{Type}/{resource.Id}/_history/{resource.Meta?.VersionId ?? "1"}";

    /// <summary>The logical id of a reference ("Encounter/e1", a "urn:uuid:" of another entry, or "#contained").</summary>
    public string? IdOf(ResourceReference? reference)
    {
        if (reference?.Reference is not { Length: > 0 } text) return null;
        if (Resolve(reference) is { Id: { } id }) return id;
        var parts = text.TrimStart('#').Split('/');
        var history = Array.IndexOf(parts, "_history");
        return history > 0 ? parts[history - 1] : parts[^1];
    }

    public Resource? Resolve(ResourceReference? reference)
    {
        var text = reference?.Reference;
        if (string.IsNullOrEmpty(text)) return null;
        if (text.StartsWith('#') && resource is DomainResource domain)
            return domain.Contained.FirstOrDefault(c => c.Id == text[1..]);
        if (bundle.TryGetValue(text, out var entry)) return entry;
        // "Observation/w1/_history/2" and absolute URLs resolve by their last "Type/id".
        var parts = text.Split('/');
        var history = Array.IndexOf(parts, "_history");
        var end = history > 1 ? history : parts.Length;
        return end >= 2 && bundle.TryGetValue($"{parts[end - 2]}/{parts[end - 1]}", out var byId) ? byId : null;
    }

    public string? Patient(ResourceReference? subject, string path)
    {
        var resolved = Resolve(subject);
        var id = resolved is Hl7.Fhir.Model.Patient ? resolved.Id
            : subject?.Reference is { } text && text.Split('/') is [.., "Patient", var last] ? last : null;
        if (id is null) Required(path, "a reference to the Patient (Patient/{id})");
        return id;
    }

    public DateTimeOffset? Time(string? value, string path, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required) Required(path, "the time of the event, with a time zone");
            return null;
        }
        if (value.Length > 10 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time;
        Invalid(path, "must be a dateTime with a time and a time zone", OperationOutcome.IssueType.Value);
        return null;
    }

    public DateTimeOffset? Time(DataType? value, string path) => value switch
    {
        FhirDateTime dateTime => Time(dateTime.Value, path),
        Period period => Time(period.Start, $"{path}.start"),
        _ => Time((string?)null, path),
    };

    public string RecordedBy(params ResourceReference?[] candidates) =>
        candidates.Select(c => c?.Reference ?? c?.Display).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
        ?? resource.Meta?.Source ?? "fhir";

    public static bool Has(CodeableConcept? concept, string system, string code) =>
        concept?.Coding.Any(c => c.System == system && c.Code == code) == true;
}
