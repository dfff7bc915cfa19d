using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>An ambulatory Encounter the patient arrived at: a session attended.</summary>
public static class EncounterMapping
{
    static readonly Encounter.EncounterStatus[] Attended =
        [Encounter.EncounterStatus.Arrived, Encounter.EncounterStatus.InProgress, Encounter.EncounterStatus.Finished];

    public static MappedResource Map(Encounter encounter, FhirRead read)
    {
        if (encounter.Status is not { } status || !Attended.Contains(status))
            read.Invalid("status", "must be arrived, in-progress or finished: only an attended encounter is a session");
        if (encounter.Class is not { Code: "AMB" })
            read.Invalid("class", $"must be AMB ({FhirCodes.ActCode}): sessions are ambulatory encounters");
        var patient = read.Patient(encounter.Subject, "subject");
        var occurredAt = read.Time(encounter.Period?.Start, "period.start");
        var appointmentId = read.IdOf(encounter.Appointment.FirstOrDefault());
        if (read.Issues.Count > 0) return MappedResource.Failed(read.Issues);

        var data = new SessionAttended(encounter.Id!, appointmentId is not null, appointmentId);
        return new([new(read.EventId, patient!, data, occurredAt!.Value,
            read.RecordedBy(encounter.Participant.Select(p => p.Individual).FirstOrDefault(), encounter.ServiceProvider),
            new Dictionary<string, string>
            {
                ["data.appointmentId"] = "Encounter.appointment", ["occurredAt"] = "Encounter.period.start",
                ["patientId"] = "Encounter.subject",
            })], []);
    }
}
