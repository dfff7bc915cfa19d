using System.Net;

namespace WarningSystem.IntegrationTests.Detection;

[Collection(ServiceCollection.Name)]
public class listing_alerts(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task filters_by_rule_patient_and_severity_newest_first_in_pages()
    {
        var clinic = Api.NewClinic();
        for (var i = 0; i < 3; i++)
            await service.Client.PostEvent(clinic, Api.Event($"p{i}", "WithdrawalSymptomsReported",
                new { symptoms = new[] { "anxiety" }, severity = "severe" }, Day0.AddDays(i)));
        await service.Client.PostEvent(clinic, Api.Event("p0", "CravingReported", new { intensity = 9, duringSession = false }, Day0));
        await service.Client.WaitForRule(clinic, "p2", "withdrawal-signs");
        await service.Client.WaitForRule(clinic, "p0", "craving-outside-session");

        var withdrawal = await Page($"/api/clinics/{clinic}/alerts?ruleId=withdrawal-signs&pageSize=2");
        withdrawal.GetProperty("total").GetInt32().ShouldBe(3);
        withdrawal.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("patientId").GetString()).ShouldBe(["p2", "p1"]);
        var secondPage = await Page($"/api/clinics/{clinic}/alerts?ruleId=withdrawal-signs&pageSize=2&page=2");
        secondPage.GetProperty("items").EnumerateArray().ShouldHaveSingleItem().GetProperty("patientId").GetString().ShouldBe("p0");

        var p0 = await Page($"/api/clinics/{clinic}/alerts?patientId=p0&status=open&severity=medium");
        p0.GetProperty("total").GetInt32().ShouldBe(2);
        (await Page($"/api/clinics/{clinic}/alerts?severity=critical")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("status=closed", "status")]
    [InlineData("severity=urgent", "severity")]
    [InlineData("ruleId=made-up", "ruleId")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task bad_filters_are_problems_naming_the_parameter(string query, string field)
    {
        var response = await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/alerts?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Body()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    async Task<System.Text.Json.JsonElement> Page(string url)
    {
        var response = await service.Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }
}
