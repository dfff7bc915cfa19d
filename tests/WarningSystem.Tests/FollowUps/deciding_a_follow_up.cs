using WarningSystem.FollowUps;
using WarningSystem.Ingest;
using WarningSystem.Tests.Detection;

namespace WarningSystem.Tests.FollowUps;

public class deciding_a_follow_up
{
    static readonly DateTimeOffset At = TimelineBuilder.Day(7);
    static readonly DateTimeOffset Moved = TimelineBuilder.Day(9);

    static CheckFollowUp Check(DateTimeOffset scheduledFor) => new("p", "a-1", scheduledFor, scheduledFor.AddHours(24));

    static MissedFollowUp? Decide(TimelineBuilder timeline, DateTimeOffset? scheduledFor = null) =>
        FollowUpDecision.Decide(timeline.Build(), Check(scheduledFor ?? At));

    static TimelineBuilder Scheduled() => new TimelineBuilder().Add(0, new FollowUpScheduled("a-1", At));

    [Fact]
    public void with_nothing_after_the_schedule_it_is_a_system_detected_miss()
    {
        Decide(Scheduled()).ShouldBe(new MissedFollowUp("a-1", At, SystemDetected: true));
    }

    [Fact]
    public void an_attendance_of_the_appointment_settles_it()
    {
        Decide(Scheduled().Add(7, new SessionAttended("s-1", true, "a-1"))).ShouldBeNull();
    }

    [Fact]
    public void an_attendance_of_another_appointment_or_of_none_does_not()
    {
        Decide(Scheduled().Add(7, new SessionAttended("s-1", true, "a-2")).Add(7, new SessionAttended("s-2", false)))
            .ShouldNotBeNull();
    }

    [Fact]
    public void a_cancellation_settles_it()
    {
        Decide(Scheduled().Add(3, new FollowUpCancelled("a-1", "patient moved away"))).ShouldBeNull();
    }

    [Fact]
    public void a_cancellation_before_a_new_schedule_belongs_to_the_old_one()
    {
        var timeline = Scheduled().Add(1, new FollowUpCancelled("a-1")).Add(2, new FollowUpScheduled("a-1", Moved));

        Decide(timeline, Moved).ShouldBe(new MissedFollowUp("a-1", Moved, SystemDetected: true));
    }

    [Fact]
    public void a_moved_appointment_is_decided_only_by_its_latest_schedule()
    {
        var timeline = Scheduled().Add(2, new FollowUpScheduled("a-1", Moved));

        Decide(timeline, At).ShouldBeNull();
        Decide(timeline, Moved).ShouldNotBeNull().ScheduledFor.ShouldBe(Moved);
    }

    [Fact]
    public void a_stale_schedule_that_arrives_late_moves_nothing()
    {
        // Recorded last, but made before the move: event time decides which schedule is the latest.
        var timeline = new TimelineBuilder()
            .Add(2, new FollowUpScheduled("a-1", Moved))
            .Add(0, new FollowUpScheduled("a-1", At));

        Decide(timeline, Moved).ShouldNotBeNull();
        Decide(timeline, At).ShouldBeNull();
    }

    [Fact]
    public void a_miss_the_ehr_reported_is_not_recorded_again()
    {
        Decide(Scheduled().Add(8, new MissedFollowUp("a-1", At))).ShouldBeNull();
    }

    [Fact]
    public void a_miss_already_recorded_for_this_schedule_is_not_recorded_again()
    {
        // Its event time (the end of the grace period) can precede a schedule posted late; the scheduled time still matches.
        var timeline = new TimelineBuilder()
            .Add(At.AddHours(24), new MissedFollowUp("a-1", At, SystemDetected: true))
            .Add(10, new FollowUpScheduled("a-1", At));

        Decide(timeline).ShouldBeNull();
    }

    [Fact]
    public void a_miss_of_an_earlier_schedule_does_not_settle_the_new_one()
    {
        var timeline = Scheduled().Add(8, new MissedFollowUp("a-1", At)).Add(8.5, new FollowUpScheduled("a-1", Moved));

        Decide(timeline, Moved).ShouldNotBeNull();
    }

    [Fact]
    public void the_scheduled_time_is_compared_as_an_instant_whatever_its_offset()
    {
        Decide(Scheduled(), At.ToOffset(TimeSpan.FromHours(2))).ShouldNotBeNull();
    }

    [Fact]
    public void an_appointment_never_scheduled_is_never_missed()
    {
        Decide(new TimelineBuilder().Add(0, new FollowUpScheduled("a-2", At))).ShouldBeNull();
    }
}
