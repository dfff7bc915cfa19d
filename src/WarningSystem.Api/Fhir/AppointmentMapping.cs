using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>
/// Follow-up appointments: booked, missed (noshow) and cancelled; and a proposed or pending appointment the patient
/// asked for (the patient has accepted it and nobody else has yet), which is an off-schedule request.
/// </summary>
public static class AppointmentMapping
{
    public static MappedResource Map(Appointment appointment, FhirRead read)
    {
        var patientParticipant = appointment.Participant
            .FirstOrDefault(p => p.Actor?.Reference is { } r && (r.StartsWith("Patient/") || read.Resolve(p.Actor) is Patient));
        var patient = read.Patient(patientParticipant?.Actor, "participant.actor");
        var status = appointment.Status;
        if (status is Appointment.AppointmentStatus.Fulfilled or Appointment.AppointmentStatus.Arrived or Appointment.AppointmentStatus.CheckedIn)
            return read.Issues.Count > 0 ? MappedResource.Failed(read.Issues)
                : MappedResource.Nothing("attendance is recorded from the Encounter, not the Appointment");
        if (status is not (Appointment.AppointmentStatus.Booked or Appointment.AppointmentStatus.Noshow
            or Appointment.AppointmentStatus.Cancelled or Appointment.AppointmentStatus.Proposed or Appointment.AppointmentStatus.Pending))
        {
            read.Invalid("status", "must be booked, noshow, cancelled, proposed or pending (fulfilled, arrived and checked-in record nothing)");
            return MappedResource.Failed(read.Issues);
        }

        var changedAt = appointment.Meta?.LastUpdated?.ToString("O") ?? appointment.Created;
        var occurredAt = status == Appointment.AppointmentStatus.Booked || IsRequest(status)
            ? read.Time(appointment.Created ?? changedAt, "created")
            : read.Time(changedAt, "meta.lastUpdated");
        DateTimeOffset? start = appointment.Start;
        if (start is null && status != Appointment.AppointmentStatus.Cancelled && !IsRequest(status))
            read.Required("start", "when the follow-up is scheduled");
        if (read.Issues.Count > 0) return MappedResource.Failed(read.Issues);

        object? data = status switch
        {
            Appointment.AppointmentStatus.Booked => new FollowUpScheduled(appointment.Id!, start!.Value),
            Appointment.AppointmentStatus.Noshow => new MissedFollowUp(appointment.Id!, start!.Value),
            Appointment.AppointmentStatus.Cancelled => new FollowUpCancelled(appointment.Id!,
                appointment.CancelationReason is { } reason ? (reason.Text ?? reason.Coding.FirstOrDefault()?.Display ?? reason.Coding.FirstOrDefault()?.Code) : null),
            _ when AskedByPatient(appointment, patientParticipant!) =>
                new OffScheduleRequest(KindOf(appointment), appointment.Meta?.Source ?? "fhir"),
            _ => null,
        };
        if (data is null) return MappedResource.Nothing("a proposed appointment the patient did not ask for records nothing");
        return new([new(read.EventId, patient!, data, occurredAt!.Value, read.RecordedBy(), new Dictionary<string, string>
        {
            ["data.scheduledFor"] = "Appointment.start", ["occurredAt"] = "Appointment.created",
            ["patientId"] = "Appointment.participant.actor",
        })], []);
    }

    static bool IsRequest(Appointment.AppointmentStatus? status) =>
        status is Appointment.AppointmentStatus.Proposed or Appointment.AppointmentStatus.Pending;

    static bool AskedByPatient(Appointment appointment, Appointment.ParticipantComponent patient) =>
        patient.Status == ParticipationStatus.Accepted
        && appointment.Participant.Where(p => p != patient).All(p => p.Status != ParticipationStatus.Accepted);

    /// <summary>The kind, from a reason naming one (extra-session, earlier-session, dose-increase, take-home); else an extra session.</summary>
    static OffScheduleKind KindOf(Appointment appointment) =>
        appointment.ReasonCode.Select(r => FhirCodes.Words(r).Replace(' ', '-'))
            .SelectMany(words => Enum.GetValues<OffScheduleKind>().Where(k => words.Contains(JsonNames.Of(k))))
            .Cast<OffScheduleKind?>().FirstOrDefault() ?? OffScheduleKind.ExtraSession;
}
