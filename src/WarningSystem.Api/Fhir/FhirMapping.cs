using System.Text.Json;
using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>
/// From a FHIR resource to the service's events, and from those to <see cref="PendingEvent"/>s through the same
/// validation as the JSON API (<see cref="IncomingEvent"/>), so FHIR input is held to exactly the same rules.
/// </summary>
public static class FhirMapping
{
    public static readonly string[] Supported =
        ["Encounter", "MedicationAdministration", "MedicationRequest", "Appointment", "Observation", "QuestionnaireResponse"];

    /// <summary>Resources whose later version replaces the earlier one's event (a correction), rather than adding a fact.</summary>
    public static readonly string[] Corrected = ["Encounter", "MedicationAdministration", "Observation", "QuestionnaireResponse"];

    public static MappedResource Map(Resource resource, FhirRead read, Func<string, OrderedDose?> priorDose)
    {
        if (string.IsNullOrEmpty(resource.Id))
        {
            read.Required("id", "the logical id with meta.versionId is the idempotency key");
            return MappedResource.Failed(read.Issues);
        }
        return resource switch
        {
            Encounter e => EncounterMapping.Map(e, read),
            MedicationAdministration m => MedicationAdministrationMapping.Map(m, read),
            MedicationRequest m => MedicationRequestMapping.Map(m, read, priorDose),
            Appointment a => AppointmentMapping.Map(a, read),
            Observation o => ObservationMapping.Map(o, read),
            QuestionnaireResponse q => QuestionnaireResponseMapping.Map(q, read),
            Patient or Medication => MappedResource.Nothing($"a {resource.TypeName} is read where another entry refers to it"),
            _ => MappedResource.Failed([new(OperationOutcome.IssueType.NotSupported,
                $"{resource.TypeName} is not supported; supported: {string.Join(", ", Supported)}", resource.TypeName)]),
        };
    }

    /// <summary>The ingest validation of one mapped event: a pending event, or its errors located in the resource.</summary>
    public static (PendingEvent? Event, List<FhirIssue> Issues) Validate(string clinicId, FhirEvent mapped, string resourceType, DateTimeOffset now)
    {
        var envelope = Envelope(mapped);
        var (pending, errors) = IncomingEvent.Parse(clinicId, envelope, now);
        if (pending is null) IngestMetrics.Rejected(envelope);
        return (pending, errors.Select(e => new FhirIssue(OperationOutcome.IssueType.Invalid, $"{e.Field}: {e.Error}",
            mapped.Paths.GetValueOrDefault(e.Field) ?? resourceType)).ToList());
    }

    static JsonElement Envelope(FhirEvent mapped) => JsonSerializer.SerializeToElement(new
    {
        eventId = mapped.EventId, patientId = mapped.PatientId, type = EventCatalog.NameOf(mapped.Data.GetType()),
        occurredAt = mapped.OccurredAt.ToString("O"), recordedBy = mapped.RecordedBy,
        data = JsonSerializer.SerializeToElement(mapped.Data, mapped.Data.GetType(), JsonSetup.Options),
    }, JsonSetup.Options);

    /// <summary>
    /// A later version of a corrected resource voids the events of its earlier versions still in force, so the history
    /// shows both and the rules count only the latest. The void's id and content derive from the earlier version and
    /// the new one, so a resubmission is a duplicate. <paramref name="version"/> is the new version's id
    /// ("Type/id/_history/2"): its own events (a questionnaire's several items) are never voided.
    /// </summary>
    public static IEnumerable<FhirEvent> Voids(FhirEvent latest, string version, string resourcePrefix,
        IReadOnlyCollection<string> storedIds, IReadOnlySet<string> voided) => storedIds
        .Where(id => id.StartsWith(resourcePrefix, StringComparison.Ordinal) && !voided.Contains(id)
            && id != version && !id.StartsWith(version + "/", StringComparison.Ordinal))
        .Select(id => new FhirEvent($"{id}/void", latest.PatientId,
            new EventVoided(id, $"superseded by {version}"), latest.OccurredAt, latest.RecordedBy,
            new Dictionary<string, string>()));
}
