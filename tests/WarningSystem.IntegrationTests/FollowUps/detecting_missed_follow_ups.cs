using System.Net;

namespace WarningSystem.IntegrationTests.FollowUps;

/// <summary>
/// The service records a follow-up as missed when no attendance or cancellation arrives by the end of the grace
/// period. Checks due in the past run at once; those due in a few seconds show that what arrives first counts.
/// </summary>
[Collection(ServiceCollection.Name)]
public class detecting_missed_follow_ups(ServiceFixture service)
{
    static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task a_follow_up_nobody_attended_is_recorded_as_missed_by_the_service()
    {
        var clinic = Api.NewClinic();
        var appointment = Api.NewId("ap");
        var scheduledFor = new DateTimeOffset(Now.Date.AddDays(-2).AddHours(9), TimeSpan.Zero);
        await service.Client.Schedule(clinic, "p", appointment, scheduledFor);

        var missed = await service.Client.WaitForMiss(clinic, "p", appointment);

        missed.GetProperty("data").GetProperty("scheduledFor").GetDateTimeOffset().ShouldBe(scheduledFor);
        missed.GetProperty("data").GetProperty("systemDetected").GetBoolean().ShouldBeTrue();
        missed.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(scheduledFor.AddHours(24));
        missed.GetProperty("recordedBy").GetString().ShouldBe("warningsystem");
        missed.GetProperty("eventId").GetString().ShouldBe($"system:missed-follow-up:p:{appointment}:{scheduledFor.UtcDateTime:O}");
    }

    [Fact]
    public async Task an_attendance_before_the_grace_period_ends_means_no_miss() =>
        await AssertSettledBeforeDue((clinic, appointment) => service.Client.Post(clinic, "p", "SessionAttended",
            new { sessionId = "s-1", scheduled = true, appointmentId = appointment }));

    [Fact]
    public async Task a_cancellation_before_the_grace_period_ends_means_no_miss() =>
        await AssertSettledBeforeDue((clinic, appointment) => service.Client.Post(clinic, "p", "FollowUpCancelled",
            new { appointmentId = appointment, reason = "rescheduled by phone" }));

    /// <summary>
    /// Two follow-ups due a few seconds from now under a one-hour grace period; only the first is settled before it is
    /// due. The other one's miss proves the checks run in this clinic; the first one's handled check proves it ran.
    /// </summary>
    async Task AssertSettledBeforeDue(Func<string, string, Task> settle)
    {
        var clinic = Api.NewClinic();
        (await service.Client.PutAsync($"/api/clinics/{clinic}/protocol",
            Api.Json("""{"changedBy":"admin-1","settings":{"followUps":{"graceHours":1}}}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (settled, unattended) = (Api.NewId("ap"), Api.NewId("ap"));
        var due = Now.AddSeconds(5);

        await service.Client.Schedule(clinic, "p", settled, due.AddHours(-1));
        await service.Client.Schedule(clinic, "p", unattended, due.AddHours(-1));
        await settle(clinic, settled);
        Now.ShouldBeLessThan(due, "the follow-up was settled too late for this test to mean anything");

        await service.Client.WaitForMiss(clinic, "p", unattended);
        await service.WaitForChecks(settled);
        (await service.Client.Misses(clinic, "p")).Select(m => m.Appointment()).ShouldBe([unattended]);
    }

    [Fact]
    public async Task checking_a_follow_up_again_records_nothing_more()
    {
        var clinic = Api.NewClinic();
        var appointment = Api.NewId("ap");
        var scheduledFor = Now.AddDays(-3);
        await service.Client.Schedule(clinic, "p", appointment, scheduledFor);
        await service.Client.WaitForMiss(clinic, "p", appointment);

        // The EHR sends the same schedule again: a second check for it runs at once and finds the miss recorded.
        await service.Client.Schedule(clinic, "p", appointment, scheduledFor);
        await service.WaitForChecks(appointment, 2);

        (await service.Client.Misses(clinic, "p")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task a_miss_whose_event_id_is_taken_already_counts_as_recorded()
    {
        // Stands in for two checks of one schedule racing on two nodes: the later append hits the unique index on
        // event ids. That check is done, not failed (a failed one would never be marked handled).
        var clinic = Api.NewClinic();
        var appointment = Api.NewId("ap");
        var scheduledFor = Now.AddDays(-3);
        await service.Client.PostEvent(clinic, Api.Event("q", "CravingReported", new { intensity = 1 },
            eventId: $"system:missed-follow-up:p:{appointment}:{scheduledFor.UtcDateTime:O}"));
        await service.Client.Schedule(clinic, "p", appointment, scheduledFor);

        await service.WaitForChecks(appointment);

        (await service.Client.Misses(clinic, "p")).ShouldBeEmpty();
    }

    [Fact]
    public async Task schedules_at_the_end_of_the_calendar_hold_up_no_other_check()
    {
        var clinic = Api.NewClinic();
        var (farAhead, pastCalendar, overdue) = (Api.NewId("ap"), Api.NewId("ap"), Api.NewId("ap"));
        await service.Client.Schedule(clinic, "p", farAhead, new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero));
        await service.Client.Schedule(clinic, "p", pastCalendar, new DateTimeOffset(9999, 12, 31, 12, 0, 0, TimeSpan.Zero));
        await service.Client.Schedule(clinic, "p", overdue, Now.AddDays(-3));

        await service.Client.WaitForMiss(clinic, "p", overdue);
    }

    [Fact]
    public async Task two_misses_the_service_detects_within_30_days_raise_an_alert()
    {
        var clinic = Api.NewClinic();
        var (first, second) = (Api.NewId("ap"), Api.NewId("ap"));
        await service.Client.Schedule(clinic, "p", first, Now.AddDays(-10));
        await service.Client.Schedule(clinic, "p", second, Now.AddDays(-3));

        var alerts = await service.Client.WaitForRule(clinic, "p", "missed-follow-ups");

        var misses = await service.Client.Misses(clinic, "p");
        alerts.Single(a => a.Rule() == "missed-follow-ups").EvidenceIds()
            .ShouldBe(misses.Select(m => m.GetProperty("eventId").GetString()!), ignoreOrder: true);
        misses.Select(m => m.Appointment()).ShouldBe([first, second], ignoreOrder: true);
    }
}
