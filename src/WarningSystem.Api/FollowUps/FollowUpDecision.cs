using WarningSystem.Ingest;

namespace WarningSystem.FollowUps;

/// <summary>
/// Whether a follow-up was missed, decided when its grace period ends. Pure: the patient's timeline (event-time
/// order) and the check are all it reads, so a check that runs again, late or twice decides the same.
/// </summary>
public static class FollowUpDecision
{
    public static MissedFollowUp? Decide(PatientTimeline timeline, CheckFollowUp check)
    {
        var appointment = timeline.Entries.Where(e => AppointmentOf(e.Data) == check.AppointmentId).ToList();
        var latest = appointment.FindLastIndex(e => e.Data is FollowUpScheduled);
        // Moved since this check was scheduled: only the latest schedule counts, and its own check decides.
        if (latest < 0 || ((FollowUpScheduled)appointment[latest].Data).ScheduledFor != check.ScheduledFor) return null;

        var sinceLatest = appointment.Skip(latest + 1).ToList();
        var settled = appointment.Any(e => e.Data is SessionAttended)
            || appointment.Any(e => e.Data is MissedFollowUp missed && missed.ScheduledFor == check.ScheduledFor)
            // A cancellation or a reported miss before a new schedule belongs to the earlier one.
            || sinceLatest.Any(e => e.Data is FollowUpCancelled or MissedFollowUp);
        return settled ? null : new MissedFollowUp(check.AppointmentId, check.ScheduledFor, SystemDetected: true);
    }

    static string? AppointmentOf(object data) => data switch
    {
        FollowUpScheduled e => e.AppointmentId,
        FollowUpCancelled e => e.AppointmentId,
        SessionAttended e => e.AppointmentId,
        MissedFollowUp e => e.AppointmentId,
        _ => null,
    };
}
