namespace WarningSystem.IntegrationTests.Delivery;

[Collection(ServiceCollection.Name)]
public class delivering_webhooks(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task a_raised_alert_reaches_the_receiver_signed_with_identifiers_and_summary_only()
    {
        var clinic = Api.NewClinic();
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhookId = await service.Client.Register(clinic, receiver.Url, receiver.Secret);

        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }, Day0));
        var alert = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).ShouldHaveSingleItem();
        var delivery = (await Webhooks.Until(() => receiver.Accepted.Values.ToArray(), a => a.Length > 0, "a delivery"))
            .ShouldHaveSingleItem().ShouldHaveSingleItem();

        delivery.SignatureValid.ShouldBeTrue();
        WebhookReceiver.Verify("another-secret-of-some-length", delivery.Timestamp, delivery.Raw, delivery.Signature).ShouldBeFalse();
        long.Parse(delivery.Timestamp!).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        var body = delivery.Body;
        body.GetProperty("idempotencyKey").GetString().ShouldBe(delivery.IdempotencyKey);
        delivery.IdempotencyKey!.ShouldEndWith(webhookId);
        body.GetProperty("eventType").GetString().ShouldBe("AlertRaised");
        body.GetProperty("alertId").GetString().ShouldBe(alert.GetProperty("alertId").GetString());
        body.GetProperty("clinicId").GetString().ShouldBe(clinic);
        body.GetProperty("patientId").GetString().ShouldBe("p");
        body.GetProperty("ruleId").GetString().ShouldBe("withdrawal-signs");
        body.GetProperty("severity").GetString().ShouldBe("medium");
        body.GetProperty("status").GetString().ShouldBe("open");
        body.GetProperty("summary").GetString().ShouldBe(alert.GetProperty("summary").GetString());
        body.GetProperty("occurredAt").GetDateTimeOffset().ShouldBeGreaterThan(Day0);
        // Nothing clinical beyond the summary: no explanation, evidence or event data.
        body.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["idempotencyKey", "eventType", "alertId", "clinicId", "patientId", "ruleId", "severity", "status", "summary", "occurredAt"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task each_webhook_gets_only_the_severities_it_asked_for()
    {
        var clinic = Api.NewClinic();
        await using var all = await WebhookReceiver.StartAsync();
        await using var high = await WebhookReceiver.StartAsync();
        await using var critical = await WebhookReceiver.StartAsync();
        await service.Client.Register(clinic, all.Url, all.Secret);
        await service.Client.Register(clinic, high.Url, high.Secret, "high");
        await service.Client.Register(clinic, critical.Url, critical.Secret, "critical");

        // A medium alert, then a documented substance use history makes the next trigger, and so the alert, high.
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }, Day0));
        await service.Client.PostEvent(clinic, Api.Event("p", "RiskScreeningRecorded",
            new { instrument = "DAST-10", score = 6, substanceUseHistory = true, familyHistory = false, recreationalUse = false }, Day0.AddDays(1)));
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "insomnia" }, severity = "severe" }, Day0.AddDays(2)));

        var alert = (await service.Client.WaitForAlerts(clinic, "p", a => a.Any(x => x.GetProperty("severity").GetString() == "high")))
            .ShouldHaveSingleItem();
        var changes = await service.AlertEventTypes(clinic, alert.GetProperty("alertId").GetString()!);
        changes.ShouldBe(["AlertRaised", "AlertEvidenceAdded", "AlertSeverityRaised"]);
        await Webhooks.Until(() => all.Accepted.Count, n => n == changes.Length, $"{changes.Length} deliveries to the catch-all webhook");
        await Webhooks.Until(() => high.Accepted.Count, n => n > 0, "a delivery to the high webhook");

        EventTypes(all).ShouldBe(changes, ignoreOrder: true);
        // The notice about the raise itself and the added evidence still describe a medium alert.
        EventTypes(high).ShouldBe(["AlertSeverityRaised"]);
        high.Accepted.Values.Single().Single().Body.GetProperty("severity").GetString().ShouldBe("high");
        critical.Requests.ShouldBeEmpty();
    }

    static string[] EventTypes(WebhookReceiver receiver) =>
        receiver.Accepted.Values.Select(d => d.Single().Body.GetProperty("eventType").GetString()!).ToArray();
}
