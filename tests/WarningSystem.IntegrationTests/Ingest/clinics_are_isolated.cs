using System.Net;

namespace WarningSystem.IntegrationTests.Ingest;

[Collection(ServiceCollection.Name)]
public class clinics_are_isolated(ServiceFixture service)
{
    [Fact]
    public async Task the_same_patient_id_in_two_clinics_is_two_patients()
    {
        var (north, south) = (Api.NewClinic(), Api.NewClinic());
        await service.Client.PostEvent(north, Api.Event("shared-id", "CravingReported", new { intensity = 1 }));
        await service.Client.PostEvent(south, Api.Event("shared-id", "CravingReported", new { intensity = 9 }));
        await service.Client.PostEvent(south, Api.Event("shared-id", "CravingReported", new { intensity = 8 }));

        var northEvents = await service.Client.PatientEvents(north, "shared-id");
        var southEvents = await service.Client.PatientEvents(south, "shared-id");

        northEvents.EnumerateArray().ShouldHaveSingleItem().GetProperty("data").GetProperty("intensity").GetInt32().ShouldBe(1);
        southEvents.EnumerateArray().Select(e => e.GetProperty("data").GetProperty("intensity").GetInt32()).ShouldBe([9, 8]);
    }

    [Fact]
    public async Task a_patient_of_one_clinic_is_not_found_from_another()
    {
        var (mine, theirs) = (Api.NewClinic(), Api.NewClinic());
        await service.Client.PostEvent(theirs, Api.Event("only-theirs", "CravingReported", new { intensity = 1 }));

        var response = await service.Client.GetAsync($"/api/clinics/{mine}/patients/only-theirs/events");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_same_event_id_in_two_clinics_is_not_a_duplicate()
    {
        var (north, south) = (Api.NewClinic(), Api.NewClinic());
        var envelope = Api.Event("p", "CravingReported", new { intensity = 1 });

        var first = await service.Client.PostEvent(north, envelope);
        var second = await service.Client.PostEvent(south, envelope);

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        second.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }
}
