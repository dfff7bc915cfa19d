using System.Net;
using WarningSystem.IntegrationTests.Faults;

namespace WarningSystem.IntegrationTests.Detection;

/// <summary>How far detection took each patient, next to the patient's stream.</summary>
[Collection(ServiceCollection.Name)]
public class following_detection_per_patient(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task an_auditor_sees_detection_reach_the_patients_last_event()
    {
        var clinic = Api.NewClinic();
        var auditor = TestCredentials.Token(["auditor"], [clinic]);
        for (var day = 0; day < 3; day++)
            (await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 2 }, Day0.AddDays(day))))
                .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var posted = DateTimeOffset.UtcNow;
        var last = await (await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 3 }, Day0.AddDays(3)))).Body();

        var view = default(System.Text.Json.JsonElement);
        await Waiting.Until(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/patients/p/detection");
            request.Headers.Authorization = new("Bearer", auditor);
            var response = await service.Anonymous.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            view = await response.Body();
            return view.GetProperty("caughtUp").GetBoolean();
        }, "detection reaches the last event");

        view.GetProperty("patientId").GetString().ShouldBe("p");
        view.GetProperty("streamVersion").GetInt64().ShouldBe(last.GetProperty("version").GetInt64());
        view.GetProperty("detectedVersion").GetInt64().ShouldBe(last.GetProperty("version").GetInt64());
        view.GetProperty("detectedSequence").GetInt64().ShouldBe(last.GetProperty("sequence").GetInt64());
        // When detection recorded the position that covers the event: after it was posted (PostgreSQL's clock and
        // this one are the same machine's; the second allows for their rounding).
        view.GetProperty("takenAt").GetDateTimeOffset().ShouldBeGreaterThan(posted.AddSeconds(-1));
    }

    [Fact]
    public async Task a_patient_without_events_is_not_found()
    {
        var response = await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/patients/nobody/detection");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
