using System.Net;

namespace WarningSystem.IntegrationTests.AlertHandling;

[Collection(ServiceCollection.Name)]
public class alert_metrics(ServiceFixture service)
{
    [Fact]
    public async Task count_resolutions_per_rule_for_the_clinic_only()
    {
        var clinic = Api.NewClinic();
        foreach (var patient in new[] { "a", "b" })
            await service.Client.PostEvent(clinic, Api.Event(patient, "WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        foreach (var patient in new[] { "a", "b" })
        {
            var alertId = (await service.Client.WaitForRule(clinic, patient, "withdrawal-signs"))[0].GetProperty("alertId").GetString();
            await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/acknowledge", Api.Json("""{"by":"c"}"""));
            await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/resolve", Api.Json("""{"by":"c","resolution":"false-positive"}"""));
        }

        var response = await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var metrics = await response.Body();
        metrics.GetProperty("total").GetInt32().ShouldBe(2);
        metrics.GetProperty("timeToAcknowledge").GetProperty("count").GetInt32().ShouldBe(2);
        var rule = metrics.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "withdrawal-signs");
        rule.GetProperty("falsePositiveShare").GetDouble().ShouldBe(1.0);
        var empty = await (await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/alerts/metrics")).Body();
        empty.GetProperty("total").GetInt32().ShouldBe(0);
    }
}
