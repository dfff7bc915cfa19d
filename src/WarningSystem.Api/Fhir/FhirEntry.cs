using Hl7.Fhir.Model;

namespace WarningSystem.Fhir;

/// <summary>
/// One event a FHIR resource maps to, before the ingest validation. <paramref name="Paths"/> maps the event's
/// fields ("data.doseMg") to the FHIRPath of the element they came from, so an ingest error names the element.
/// </summary>
public sealed record FhirEvent(
    string EventId, string PatientId, object Data, DateTimeOffset OccurredAt, string RecordedBy,
    IReadOnlyDictionary<string, string> Paths);

/// <summary>What one resource becomes: its events, or the issues that stop it (then nothing of it is stored).</summary>
/// <param name="Note">Why a supported resource yields no event (a body weight, a clinic-proposed appointment).</param>
public sealed record MappedResource(IReadOnlyList<FhirEvent> Events, IReadOnlyList<FhirIssue> Issues, string? Note = null)
{
    public static MappedResource Failed(IReadOnlyList<FhirIssue> issues) => new([], issues);
    public static MappedResource Nothing(string note) => new([], [], note);
}

/// <summary>The dose of an earlier order, to tell a dose increase from a new plan.</summary>
public sealed record OrderedDose(decimal? DoseMg, decimal? DoseMgPerKg);
