namespace WarningSystem.IntegrationTests.Delivery;

[Collection(ServiceCollection.Name)]
public class retrying_webhooks(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task a_receiver_that_fails_then_recovers_gets_every_change_once_per_idempotency_key()
    {
        var clinic = Api.NewClinic();
        // Three failures in all, spread over the deliveries however they arrive: even all on one delivery, its last retry succeeds.
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 3);
        await service.Client.Register(clinic, receiver.Url, receiver.Secret);

        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "moderate" }, Day0));
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "low-mood" }, severity = "severe" }, Day0.AddDays(2)));
        var alert = (await service.Client.WaitForAlerts(clinic, "p", a => a.Any(x => x.EvidenceIds().Length == 2))).ShouldHaveSingleItem();
        var changes = await service.AlertEventTypes(clinic, alert.GetProperty("alertId").GetString()!);
        changes.ShouldBe(["AlertRaised", "AlertEvidenceAdded"]);

        await Webhooks.Until(() => receiver.Accepted.Count, n => n == changes.Length, $"{changes.Length} accepted deliveries");

        receiver.Requests.Count(r => r.Answer == 500).ShouldBe(3);
        receiver.Requests.ShouldAllBe(r => r.SignatureValid);
        receiver.Accepted.Values.ShouldAllBe(deliveries => deliveries.Count == 1);
        receiver.Accepted.Values.Select(d => d.Single().Body.GetProperty("eventType").GetString()).ShouldBe(changes, ignoreOrder: true);
        // Every retry of a change carried the key and body of its first attempt.
        foreach (var attempt in receiver.Requests)
            attempt.Body.GetRawText().ShouldBe(receiver.Accepted[attempt.IdempotencyKey!].Single().Body.GetRawText());
        (await service.Client.DeadLetters(clinic)).ShouldBeEmpty();
    }
}
