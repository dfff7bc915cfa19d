using System.Text.Json;
using JasperFx.Events;

namespace WarningSystem.Ingest;

/// <summary>A patient's stream in stored order, with event time and record time side by side.</summary>
public static class GetPatientEventsEndpoint
{
    [Authorize(Policy = Policies.ReadClinical)]
    [WolverineGet("/api/clinics/{clinicId}/patients/{patientId}/events")]
    public static async Task<IResult> Get(string clinicId, string patientId, IQuerySession session, CancellationToken token)
    {

        var events = await session.Events.FetchStreamAsync(patientId, token: token);
        if (events.Count == 0)
            return Problems.Status(404, "Patient not found", $"Clinic '{clinicId}' has no events for patient '{patientId}'.");
        return Results.Ok(new PatientEvents(clinicId, patientId, events.Select(PatientEvent.From).ToList()));
    }
}

public sealed record PatientEvents(string ClinicId, string PatientId, IReadOnlyList<PatientEvent> Events);

public sealed record PatientEvent(
    string EventId, string Type, long Sequence, long Version, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt,
    string? RecordedBy, JsonElement Data)
{
    public static PatientEvent From(IEvent e) => new(
        e.Text(EventHeaders.SourceEventId) ?? e.Id.ToString(), EventCatalog.NameOf(e.EventType), e.Sequence, e.Version,
        e.OccurredAtOf(), e.Timestamp, e.Text(EventHeaders.RecordedBy),
        JsonSerializer.SerializeToElement(e.Data, e.EventType, JsonSetup.Options));
}
