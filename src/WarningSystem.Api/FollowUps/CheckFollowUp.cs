using System.Diagnostics.Metrics;
using JasperFx;
using Npgsql;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using WarningSystem.Ingest;

namespace WarningSystem.FollowUps;

/// <summary>
/// A follow-up's grace period has ended: was it attended? <paramref name="DueAt"/> travels with the message, so a
/// protocol change after scheduling cannot move the time the miss is recorded at.
/// </summary>
public sealed record CheckFollowUp(string PatientId, string AppointmentId, DateTimeOffset ScheduledFor, DateTimeOffset DueAt)
{
    /// <summary>
    /// The check of a schedule, or none when the end of its grace period lies past the calendar's end: such a
    /// follow-up is never due, and computing its due time must not fail the subscription for every clinic.
    /// </summary>
    public static CheckFollowUp? For(string patientId, FollowUpScheduled scheduled, int graceHours) =>
        (DateTimeOffset.MaxValue - scheduled.ScheduledFor).TotalHours < graceHours ? null
            : new(patientId, scheduled.AppointmentId, scheduled.ScheduledFor, scheduled.ScheduledFor.AddHours(graceHours));
}

/// <summary>
/// Records a missed follow-up the service detected, as an event like any other in the patient's stream: event time
/// the end of the grace period, a source event id derived from the appointment, recorded by the service itself.
/// Detection then evaluates it like a miss the EHR reported. Wolverine hands it a session for the message's clinic.
/// </summary>
public static class CheckFollowUpHandler
{
    public const string RecordedBy = "warningsystem";

    static readonly Counter<long> Checks = TelemetrySetup.Meter.CreateCounter<long>("warningsystem.followups.checks", "{check}",
        "Follow-up checks that came due, by outcome: missed (a miss recorded) or settled");

    public static string SourceEventId(CheckFollowUp check) =>
        $"system:missed-follow-up:{check.PatientId}:{check.AppointmentId}:{check.ScheduledFor.UtcDateTime:O}";

    public static void Configure(HandlerChain chain)
    {
        // The same miss is stored already (a check for the same schedule ran at the same time): that is done.
        chain.OnException<Exception>(IsDuplicateEventId, "missed follow-up already recorded").Discard();
        // Another event reached the patient's stream meanwhile: decide again on the stream as it is now.
        chain.OnException<ConcurrencyException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
    }

    public static async Task Handle(CheckFollowUp check, IDocumentSession session, CancellationToken token)
    {
        var stream = await session.Events.FetchStreamAsync(check.PatientId, token: token);
        var timeline = PatientTimeline.Of(stream);
        if (FollowUpDecision.Decide(timeline, check) is not { } missed)
        {
            Checks.Add(1, new KeyValuePair<string, object?>("outcome", "settled"));
            return;
        }

        Checks.Add(1, new KeyValuePair<string, object?>("outcome", "missed"));

        var pending = PendingEvent.Create(session.TenantId, check.PatientId, SourceEventId(check), missed, check.DueAt, RecordedBy)
            with { TraceParent = EventTrace.Current };
        var action = session.Events.Append(check.PatientId, missed);
        EventHeaders.Stamp(action.Events[0], pending);
    }

    /// <summary>Marten's unique index on event ids (EnableUniqueIndexOnEventId), as PostgreSQL names it.</summary>
    const string EventIdIndex = "idx_mt_events_event_id";

    static bool IsDuplicateEventId(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
                return unique.ConstraintName == EventIdIndex;
        return false;
    }
}
