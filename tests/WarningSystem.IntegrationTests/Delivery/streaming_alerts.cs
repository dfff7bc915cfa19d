using System.Net;

namespace WarningSystem.IntegrationTests.Delivery;

[Collection(ServiceCollection.Name)]
public class streaming_alerts(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    static object Withdrawal(string symptom) => new { symptoms = new[] { symptom }, severity = "severe" };

    [Fact]
    public async Task a_client_that_reconnects_with_the_last_event_id_gets_only_what_came_after()
    {
        var clinic = Api.NewClinic();
        // Stays connected throughout: once it has shown an event, a new connection can only get that event by resuming.
        await using var observer = await AlertStreamReader.OpenAsync(service.Client, clinic);
        long firstId;
        await using (var client = await AlertStreamReader.OpenAsync(service.Client, clinic))
        {
            await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported", Withdrawal("anxiety"), Day0));
            var raised = await client.NextAsync();
            raised.Event.ShouldBe("AlertRaised");
            raised.Data.GetProperty("clinicId").GetString().ShouldBe(clinic);
            raised.Data.GetProperty("eventType").GetString().ShouldBe("AlertRaised");
            raised.Data.GetProperty("status").GetString().ShouldBe("open");
            raised.Data.TryGetProperty("explanation", out _).ShouldBeFalse();
            firstId = raised.Id;
        }

        // Happens while the client is away.
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported", Withdrawal("insomnia"), Day0.AddDays(1)));
        (await observer.NextAsync()).Id.ShouldBe(firstId);
        var missedOnObserver = await observer.NextAsync();
        missedOnObserver.Event.ShouldBe("AlertEvidenceAdded");

        await using var resumed = await AlertStreamReader.OpenAsync(service.Client, clinic, lastEventId: firstId);
        var missed = await resumed.NextAsync();
        missed.Event.ShouldBe("AlertEvidenceAdded");
        missed.Id.ShouldBe(missedOnObserver.Id);
        missed.Data.GetRawText().ShouldBe(missedOnObserver.Data.GetRawText());

        await service.Client.PostEvent(clinic, Api.Event("q", "WithdrawalSymptomsReported", Withdrawal("anxiety"), Day0));
        var live = await resumed.NextAsync();
        live.Event.ShouldBe("AlertRaised");
        live.Data.GetProperty("patientId").GetString().ShouldBe("q");
        live.Id.ShouldBeGreaterThan(missed.Id);
    }

    [Fact]
    public async Task a_new_client_starts_with_new_events_and_never_sees_another_clinic()
    {
        var (clinic, other) = (Api.NewClinic(), Api.NewClinic());
        await using var everything = await AlertStreamReader.OpenAsync(service.Client, clinic, lastEventId: 0);
        await service.Client.PostEvent(clinic, Api.Event("old", "WithdrawalSymptomsReported", Withdrawal("anxiety"), Day0));
        // Once a stream has shown it, the alert is behind the feed's settled position, where a new client starts.
        (await everything.NextAsync()).Data.GetProperty("patientId").GetString().ShouldBe("old");
        await using var fresh = await AlertStreamReader.OpenAsync(service.Client, clinic);

        await service.Client.PostEvent(other, Api.Event("p", "WithdrawalSymptomsReported", Withdrawal("anxiety"), Day0));
        await service.Client.WaitForRule(other, "p", "withdrawal-signs");
        await service.Client.PostEvent(clinic, Api.Event("new", "WithdrawalSymptomsReported", Withdrawal("anxiety"), Day0));

        // The other clinic's alert came first in the log; each stream's next event is still its own clinic's.
        (await fresh.NextAsync()).Data.GetProperty("patientId").GetString().ShouldBe("new");
        var next = await everything.NextAsync();
        next.Data.GetProperty("patientId").GetString().ShouldBe("new");
        next.Data.GetProperty("clinicId").GetString().ShouldBe(clinic);
    }

    [Fact]
    public async Task a_last_event_id_that_is_not_a_sequence_is_rejected()
    {
        var response = await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/alerts/stream?lastEventId=abc");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Body()).GetProperty("errors").TryGetProperty("lastEventId", out _).ShouldBeTrue();
    }
}
