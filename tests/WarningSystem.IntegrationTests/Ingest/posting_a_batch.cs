using System.Net;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Ingest;

[Collection(ServiceCollection.Name)]
public class posting_a_batch(ServiceFixture service)
{
    [Fact]
    public async Task stores_the_valid_items_and_reports_each_outcome()
    {
        var clinic = Api.NewClinic();
        var stored = Api.Event("p", "CravingReported", new { intensity = 2 });
        await service.Client.PostEvent(clinic, stored);
        JsonNode[] items =
        [
            Api.Event("p", "SessionAttended", new { sessionId = "s1", scheduled = true }),
            Api.Event("p", "CravingReported", new { intensity = 42 }),
            stored,
            Api.Event("q", "OffScheduleRequest", new { kind = "extra-session", channel = "phone" }),
            new JsonObject { ["garbage"] = true },
        ];

        var response = await service.Client.PostBatch(clinic, items);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Body();
        body.GetProperty("accepted").GetInt32().ShouldBe(2);
        body.GetProperty("duplicates").GetInt32().ShouldBe(1);
        body.GetProperty("rejected").GetInt32().ShouldBe(2);
        var statuses = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToArray();
        statuses.ShouldBe(["accepted", "rejected", "duplicate", "accepted", "rejected"]);
        body.GetProperty("results")[1].GetProperty("errors").TryGetProperty("data.intensity", out _).ShouldBeTrue();

        (await service.Client.PatientEvents(clinic, "p")).GetArrayLength().ShouldBe(2);
        (await service.Client.PatientEvents(clinic, "q")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task the_same_event_twice_in_one_batch_is_stored_once()
    {
        var clinic = Api.NewClinic();
        var item = Api.Event("p", "CravingReported", new { intensity = 2 });

        var body = await (await service.Client.PostBatch(clinic, [item, item])).Body();

        body.GetProperty("accepted").GetInt32().ShouldBe(1);
        body.GetProperty("duplicates").GetInt32().ShouldBe(1);
        body.GetProperty("results")[1].GetProperty("sequence").GetInt64()
            .ShouldBe(body.GetProperty("results")[0].GetProperty("sequence").GetInt64());
        (await service.Client.PatientEvents(clinic, "p")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task more_than_a_thousand_events_is_refused_whole()
    {
        var clinic = Api.NewClinic();
        var items = Enumerable.Range(0, 1001).Select(_ => (JsonNode)Api.Event("p", "CravingReported", new { intensity = 1 }));

        var response = await service.Client.PostBatch(clinic, items);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_full_batch_of_a_thousand_is_stored()
    {
        var clinic = Api.NewClinic();
        var items = Enumerable.Range(0, 1000).Select(i => (JsonNode)Api.Event($"p{i % 10}", "CravingReported", new { intensity = 1 }));

        var body = await (await service.Client.PostBatch(clinic, items)).Body();

        body.GetProperty("accepted").GetInt32().ShouldBe(1000);
        (await service.Client.PatientEvents(clinic, "p3")).GetArrayLength().ShouldBe(100);
    }
}
