using System.Net;

namespace WarningSystem.IntegrationTests.Detection;

[Collection(ServiceCollection.Name)]
public class alerts_stay_in_their_clinic(ServiceFixture service)
{
    [Fact]
    public async Task another_clinic_sees_neither_the_list_nor_the_alert()
    {
        var (mine, theirs) = (Api.NewClinic(), Api.NewClinic());
        await service.Client.PostEvent(theirs, Api.Event("same-patient", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        var alert = (await service.Client.WaitForRule(theirs, "same-patient", "withdrawal-signs"))[0];

        (await service.Client.ForPatient(mine, "same-patient")).ShouldBeEmpty();
        var all = await (await service.Client.GetAsync($"/api/clinics/{mine}/alerts")).Body();
        all.GetProperty("total").GetInt32().ShouldBe(0);
        (await service.Client.GetAsync($"/api/clinics/{mine}/alerts/{alert.GetProperty("alertId").GetString()}"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
