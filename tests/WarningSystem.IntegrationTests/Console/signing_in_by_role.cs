using WarningSystem.IntegrationTests.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WarningSystem.IntegrationTests.Console;

[Collection(ConsoleCollection.Name)]
public class signing_in_by_role(ConsoleFixture service)
{
    [Fact]
    public async Task a_wrong_key_and_an_integration_key_are_refused_with_a_clear_message()
    {
        var clinic = Api.NewClinic();
        var integration = await Keys.Create(service, clinic, "integration");
        await using var console = await ConsolePage.OpenAsync(service);
        var page = console.Page;

        await console.SignInAsync("wsk_not-a-key");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sign-in refused");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("unknown, revoked or expired");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();

        await console.SignInAsync(integration.Key);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This is an integration key: it may post events only");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        (await page.EvaluateAsync<string?>("() => sessionStorage.getItem('ws.credential')")).ShouldBeNull();
        await console.ShouldBeCleanAsync();
    }

    [Fact]
    public async Task an_auditor_sees_no_action_buttons_but_the_access_log_replay_and_verification()
    {
        var clinic = Api.NewClinic();
        var auditor = await Keys.Create(service, clinic, "auditor");
        (await service.Client.PostEvent(clinic, Api.Event("p-audit", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }))).EnsureSuccessStatusCode();
        var alert = (await service.Client.WaitForRule(clinic, "p-audit", "withdrawal-signs")).Single().GetProperty("alertId").GetString()!;
        await using var console = await ConsolePage.OpenAsync(service);
        var page = console.Page;

        await console.SignInAsync(auditor.Key, "auditor-kim");
        await Expect(page.GetByTestId("grant")).ToContainTextAsync("auditor");
        await Expect(page.Locator("li.patient[data-patient='p-audit']")).ToBeVisibleAsync();
        await console.OpenAlertAsync(alert);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Explanation" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("evidence").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("form[data-action]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#view button")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true }).ClickAsync();
        // The auditor's own reads of this alert are in the log (written in batches, so it may take a moment).
        var reads = page.GetByTestId("reads");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await reads.TextContentAsync() ?? "").Contains(alert) && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Expect(reads).ToBeVisibleAsync();
        }
        await Expect(reads).ToContainTextAsync(alert);

        await page.GetByLabel("Patient", new() { Exact = true }).Nth(1).FillAsync("p-audit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("replay")).ToContainTextAsync("withdrawal-signs");
        await Expect(page.GetByTestId("only-recorded")).ToHaveTextAsync("none");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByTestId("verification").Locator("[data-verified='true']")).ToBeVisibleAsync();
        await console.ShouldBeCleanAsync();
    }
}
