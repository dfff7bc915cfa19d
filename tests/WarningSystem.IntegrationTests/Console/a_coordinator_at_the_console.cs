using WarningSystem.IntegrationTests.Security;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WarningSystem.IntegrationTests.Console;

[Collection(ConsoleCollection.Name)]
public class a_coordinator_at_the_console(ConsoleFixture service)
{
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    static object Withdrawal => new { symptoms = new[] { "anxiety", "insomnia" }, severity = "severe" };

    async Task<string> RaiseWithdrawalAlert(string clinic, string patient)
    {
        (await service.Client.PostEvent(clinic, Api.Event(patient, "WithdrawalSymptomsReported", Withdrawal))).EnsureSuccessStatusCode();
        var alerts = await service.Client.WaitForRule(clinic, patient, "withdrawal-signs");
        return alerts.Single().GetProperty("alertId").GetString()!;
    }

    async Task<JsonElement> AlertOf(string clinic, string alertId) =>
        await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alertId}")).Body();

    [Fact]
    public async Task sees_a_new_alert_appear_live_and_acknowledges_it()
    {
        var clinic = Api.NewClinic();
        var coordinator = await Keys.Create(service, clinic, "coordinator");
        await RaiseWithdrawalAlert(clinic, "p-earlier");
        await using var console = await ConsolePage.OpenAsync(service);
        var page = console.Page;

        await console.SignInAsync(coordinator.Key);
        await Expect(page.GetByTestId("grant")).ToContainTextAsync("coordinator");
        await Expect(page.Locator("#clinic-select")).ToHaveValueAsync(clinic);
        page.Url.ShouldNotContain(coordinator.Key);
        await Expect(page.Locator("li.patient[data-patient='p-earlier']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("feed-state")).ToHaveAttributeAsync("data-state", "live");

        // Posted through the API while the worklist is open: it must arrive through the feed, without a reload.
        (await service.Client.PostEvent(clinic, Api.Event("p-live", "WithdrawalSymptomsReported", Withdrawal))).EnsureSuccessStatusCode();
        var line = page.Locator("li.patient[data-patient='p-live']");
        await Expect(line).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var alertId = (await service.Client.WaitForRule(clinic, "p-live", "withdrawal-signs")).Single().GetProperty("alertId").GetString()!;

        await line.Locator($"li[data-alert='{alertId}'] a").ClickAsync();
        var acknowledge = page.Locator("form[data-action='acknowledge']");
        await acknowledge.GetByLabel("Note").FillAsync("calling the patient today");
        await acknowledge.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        await Expect(page.GetByTestId("alert-status")).ToHaveTextAsync("acknowledged");
        await Expect(page.GetByTestId("alert-timeline")).ToContainTextAsync("AlertAcknowledged");
        var stored = await AlertOf(clinic, alertId);
        stored.GetProperty("status").GetString().ShouldBe("acknowledged");
        stored.GetProperty("acknowledgedBy").GetString().ShouldBe("coord-ana");
        await console.ShouldBeCleanAsync();
    }

    [Fact]
    public async Task the_worklist_feed_resumes_after_a_dropped_connection_from_the_last_event_it_saw()
    {
        var clinic = Api.NewClinic();
        var coordinator = await Keys.Create(service, clinic, "coordinator");
        await using var console = await ConsolePage.OpenAsync(service);
        var page = console.Page;
        // The first connection is answered by the test: one event with id 0, then the stream ends, as a dropped
        // connection does. The reconnection waits until an alert has been raised meanwhile, then reaches the service.
        var connections = 0;
        var raised = new TaskCompletionSource();
        var resumedFrom = new TaskCompletionSource<string?>();
        await page.RouteAsync("**/alerts/stream*", async route =>
        {
            if (Interlocked.Increment(ref connections) == 1)
            {
                await route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = ": connected\n\nid: 0\n\n" });
                return;
            }
            resumedFrom.TrySetResult((await route.Request.AllHeadersAsync()).GetValueOrDefault("last-event-id"));
            await raised.Task;
            await route.ContinueAsync();
        });
        await console.SignInAsync(coordinator.Key);
        await Expect(page.GetByTestId("feed-state")).ToHaveAttributeAsync("data-state", "reconnecting");

        (await resumedFrom.Task.WaitAsync(TimeSpan.FromSeconds(15))).ShouldBe("0");
        await RaiseWithdrawalAlert(clinic, "p-while-away");
        raised.SetResult();

        await Expect(page.GetByTestId("feed-state")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });
        await Expect(page.Locator("li.patient[data-patient='p-while-away']")).ToBeVisibleAsync();
        await console.ShouldBeCleanAsync();
    }

    [Fact]
    public async Task snoozes_one_alert_and_resolves_another_with_the_apis_validation_messages()
    {
        var clinic = Api.NewClinic();
        var coordinator = await Keys.Create(service, clinic, "coordinator");
        var snoozed = await RaiseWithdrawalAlert(clinic, "p-snooze");
        var resolved = await RaiseWithdrawalAlert(clinic, "p-resolve");
        await using var console = await ConsolePage.OpenAsync(service);
        var page = console.Page;
        await console.SignInAsync(coordinator.Key);
        await Expect(page.GetByTestId("grant")).ToContainTextAsync("coordinator");

        var snooze = (await console.OpenAlertAsync(snoozed)).Locator("form[data-action='snooze']");
        await snooze.GetByRole(AriaRole.Button, new() { Name = "Snooze" }).ClickAsync();
        await Expect(snooze.Locator(".field-error").Nth(1)).ToHaveTextAsync("is required"); // the API's word for reason
        await Expect(snooze.GetByRole(AriaRole.Alert)).ToContainTextAsync("reason: is required");
        await snooze.GetByLabel("Reason").FillAsync("patient in hospital");
        await snooze.GetByRole(AriaRole.Button, new() { Name = "Snooze" }).ClickAsync();
        await Expect(page.GetByTestId("alert-status")).ToHaveTextAsync("snoozed");
        (await AlertOf(clinic, snoozed)).GetProperty("status").GetString().ShouldBe("snoozed");

        var resolve = (await console.OpenAlertAsync(resolved)).Locator("form[data-action='resolve']");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(resolve.GetByRole(AriaRole.Alert)).ToContainTextAsync("resolution: is required: one of");
        await resolve.GetByLabel("Resolution code").SelectOptionAsync("false-positive");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(page.GetByTestId("alert-status")).ToHaveTextAsync("resolved");
        await Expect(page.Locator("form[data-action]")).ToHaveCountAsync(0);
        var stored = await AlertOf(clinic, resolved);
        stored.GetProperty("resolution").GetString().ShouldBe("false-positive");

        // The resolution shows in the metrics: one false positive out of one resolved withdrawal-signs alert.
        await console.GoAsync("#/metrics");
        await Expect(page.GetByTestId("false-positives")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("withdrawal-signs: 100% of 1 resolved"));
        await console.ShouldBeCleanAsync();
    }
}
