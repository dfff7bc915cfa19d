using System.Net;

namespace WarningSystem.IntegrationTests.Ingest;

[Collection(ServiceCollection.Name)]
public class retrying_the_same_event(ServiceFixture service)
{
    [Fact]
    public async Task stores_it_once_and_answers_the_retry_with_the_original_sequence()
    {
        var clinic = Api.NewClinic();
        var envelope = Api.Event("p", "CravingReported", new { intensity = 4 });

        var first = await service.Client.PostEvent(clinic, envelope);
        var retry = await service.Client.PostEvent(clinic, envelope);

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (original, repeated) = (await first.Body(), await retry.Body());
        repeated.GetProperty("status").GetString().ShouldBe("duplicate");
        repeated.GetProperty("sequence").GetInt64().ShouldBe(original.GetProperty("sequence").GetInt64());
        (await service.Client.PatientEvents(clinic, "p")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task concurrent_retries_store_it_once()
    {
        var clinic = Api.NewClinic();
        var envelope = Api.Event("p", "CravingReported", new { intensity = 4 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => service.Client.PostEvent(clinic, envelope)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(19);
        var sequences = await Task.WhenAll(responses.Select(async r => (await r.Body()).GetProperty("sequence").GetInt64()));
        sequences.Distinct().ShouldHaveSingleItem();
        (await service.Client.PatientEvents(clinic, "p")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task reusing_an_event_id_for_different_content_is_a_conflict()
    {
        var clinic = Api.NewClinic();
        var envelope = Api.Event("p", "CravingReported", new { intensity = 4 });
        await service.Client.PostEvent(clinic, envelope);

        var changed = Api.Event("p", "CravingReported", new { intensity = 9 }, eventId: envelope["eventId"]!.GetValue<string>());
        var response = await service.Client.PostEvent(clinic, changed);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var stored = (await service.Client.PatientEvents(clinic, "p")).EnumerateArray().ShouldHaveSingleItem();
        stored.GetProperty("data").GetProperty("intensity").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task many_concurrent_events_for_one_patient_all_get_distinct_versions()
    {
        var clinic = Api.NewClinic();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = i % 10 }))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted);
        var versions = await Task.WhenAll(responses.Select(async r => (await r.Body()).GetProperty("version").GetInt64()));
        versions.Order().ShouldBe(Enumerable.Range(1, 40).Select(v => (long)v));
    }
}
