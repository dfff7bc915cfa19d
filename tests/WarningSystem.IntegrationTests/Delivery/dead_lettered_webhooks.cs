using System.Net;

namespace WarningSystem.IntegrationTests.Delivery;

[Collection(ServiceCollection.Name)]
public class dead_lettered_webhooks(ServiceFixture service)
{
    [Fact]
    public async Task a_delivery_that_fails_every_retry_is_listed_and_replays_once_the_receiver_recovers()
    {
        var clinic = Api.NewClinic();
        await using var receiver = await WebhookReceiver.StartAsync(alwaysFail: true);
        var webhookId = await service.Client.Register(clinic, receiver.Url, receiver.Secret);
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        var alertId = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).ShouldHaveSingleItem()
            .GetProperty("alertId").GetString();

        var deadLetter = (await Webhooks.Until(() => service.Client.DeadLetters(clinic), d => d.Length > 0, "a dead letter"))
            .ShouldHaveSingleItem();

        // The first attempt and one per configured retry (three in the test settings), then no more.
        receiver.Requests.Count.ShouldBe(4);
        var key = receiver.Requests.Select(r => r.IdempotencyKey).Distinct().ShouldHaveSingleItem();
        deadLetter.GetProperty("webhookId").GetString().ShouldBe(webhookId);
        deadLetter.GetProperty("alertId").GetString().ShouldBe(alertId);
        deadLetter.GetProperty("idempotencyKey").GetString().ShouldBe(key);
        deadLetter.GetProperty("eventType").GetString().ShouldBe("AlertRaised");
        deadLetter.GetProperty("exceptionType").GetString()!.ShouldContain("WebhookDeliveryFailed");
        deadLetter.GetProperty("exceptionMessage").GetString()!.ShouldContain("answered 500");
        deadLetter.GetRawText().ShouldNotContain(receiver.Secret);
        deadLetter.GetRawText().ShouldNotContain(receiver.Url);

        var id = deadLetter.GetProperty("id").GetString();
        var otherClinic = Api.NewClinic();
        (await service.Client.DeadLetters(otherClinic)).ShouldBeEmpty();
        (await service.Client.PostAsync($"/api/clinics/{otherClinic}/webhooks/dead-letters/{id}/replay", null))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        receiver.Recover();
        (await service.Client.PostAsync($"/api/clinics/{clinic}/webhooks/dead-letters/{id}/replay", null))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await Webhooks.Until(() => receiver.Accepted.Count, n => n > 0, "the replayed delivery");
        receiver.Accepted.ShouldHaveSingleItem().Key.ShouldBe(key);
        await Webhooks.Until(() => service.Client.DeadLetters(clinic), d => d.Length == 0, "the dead letter to leave the list");
        receiver.Accepted[key!].Count.ShouldBe(1);
    }

    [Fact]
    public async Task replaying_an_unknown_dead_letter_is_not_found()
    {
        var response = await service.Client.PostAsync($"/api/clinics/{Api.NewClinic()}/webhooks/dead-letters/{Guid.NewGuid()}/replay", null);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
