using WarningSystem.IntegrationTests.Security;
using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WarningSystem.IntegrationTests.Console;

[Collection(ConsoleCollection.Name)]
public class the_patient_chart(ConsoleFixture service)
{
    [Fact]
    public async Task draws_the_doses_against_the_ceiling_and_marks_the_alert_where_it_was_raised()
    {
        var clinic = Api.NewClinic();
        var coordinator = await Keys.Create(service, clinic, "coordinator");
        var start = DateTimeOffset.UtcNow.AddDays(-20);
        var dose = (int day, decimal mg) => Api.Event("p-chart", "DoseGiven",
            new { sessionId = $"s-{day}", drug = "ketamine", route = "IV", doseMg = mg, weightKg = 70 }, start.AddDays(day));
        (await service.Client.PostBatch(clinic,
        [
            Api.Event("p-chart", "TreatmentPlanPrescribed",
                new { drug = "ketamine", route = "IV", doseMgPerKg = 0.5, maxSessionsPerWeek = 2, prescriber = "dr-lee" }, start.AddDays(-1)),
            Api.Event("p-chart", "SessionAttended", new { sessionId = "s-0", scheduled = true }, start),
            dose(0, 35), dose(7, 35),
            Api.Event("p-chart", "CravingReported", new { intensity = 5, duringSession = false }, start.AddDays(10)),
            dose(14, 63), // 0.9 mg/kg: above the authorized 0.5 and the 0.8 ceiling
        ])).EnsureSuccessStatusCode();
        var alert = (await service.Client.WaitForRule(clinic, "p-chart", "dose-above-authorized"))
            .Single(a => a.Rule() == "dose-above-authorized").GetProperty("alertId").GetString()!;

        await using var console = await ConsolePage.OpenAsync(service);
        var page = console.Page;
        await console.SignInAsync(coordinator.Key);
        await Expect(page.GetByTestId("grant")).ToContainTextAsync("coordinator");
        await console.GoAsync("#/patients/p-chart");

        var chart = page.Locator("svg.timeline-chart");
        await Expect(chart).ToHaveAttributeAsync("data-unit", "mg/kg");
        var doses = chart.Locator("circle.dose");
        await Expect(doses).ToHaveCountAsync(3);
        await Expect(chart.Locator("path.authorized")).ToHaveCountAsync(1);
        await Expect(chart.Locator("line.ceiling")).ToHaveCountAsync(1);
        await Expect(chart.Locator("rect.session")).ToHaveCountAsync(1);
        await Expect(chart.Locator("rect.craving")).ToHaveCountAsync(1);
        var marker = chart.Locator($".alert-marker[data-alert='{alert}']");
        await Expect(marker).ToHaveCountAsync(1);

        // The highest dose sits above the ceiling line, and the alert's flag stands where that dose was given.
        var cy = await Number(doses.Nth(2), "cy");
        var ceiling = await Number(chart.Locator("line.ceiling"), "y1");
        cy.ShouldBeLessThan(ceiling);
        (await Number(marker.Locator("line"), "x1")).ShouldBe(await Number(doses.Nth(2), "cx"), 0.5);

        await doses.Nth(2).HoverAsync();
        await Expect(page.Locator("#chart-detail")).ToContainTextAsync("0.9 mg/kg");

        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Artifacts, "patient-chart.png"), FullPage = true });
        // A tablet's width: the chart scales into it rather than overflowing.
        await page.SetViewportSizeAsync(768, 1024);
        (await chart.BoundingBoxAsync())!.Width.ShouldBeLessThanOrEqualTo(768);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Artifacts, "patient-chart-tablet.png"), FullPage = true });
        await console.ShouldBeCleanAsync();
    }

    static async Task<double> Number(ILocator element, string attribute) =>
        double.Parse((await element.GetAttributeAsync(attribute))!, CultureInfo.InvariantCulture);
}
