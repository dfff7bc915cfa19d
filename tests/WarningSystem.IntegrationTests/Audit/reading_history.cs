using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class reading_history(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task filters_by_type_and_event_time_and_pages()
    {
        var clinic = Api.NewClinic();
        for (var day = 0; day < 6; day++)
            await service.Client.PostEvent(clinic, day % 2 == 0
                ? Api.Event("p", "CravingReported", new { intensity = 1, duringSession = true }, Day0.AddDays(day), $"c{day}")
                : Api.Event("p", "SessionAttended", new { sessionId = $"s{day}", scheduled = true }, Day0.AddDays(day), $"s{day}"));

        var cravings = await Get(clinic, "type=CravingReported");
        Ids(cravings).ShouldBe(["c0", "c2", "c4"]);
        cravings.GetProperty("total").GetInt64().ShouldBe(3);

        var window = await Get(clinic, $"from={Q(Day0.AddDays(1))}&to={Q(Day0.AddDays(4))}");
        Ids(window).ShouldBe(["s1", "c2", "s3"]);

        var second = await Get(clinic, "page=2&pageSize=4");
        Ids(second).ShouldBe(["c4", "s5"]);
        second.GetProperty("page").GetInt32().ShouldBe(2);
        second.GetProperty("total").GetInt64().ShouldBe(6);
    }

    [Fact]
    public async Task filters_by_record_time_so_a_late_event_shows_when_it_arrived()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 1 }, Day0.AddDays(5), "early"));
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 1 }, Day0, "late"));
        // The late event's own record time is the cut: from is inclusive, to exclusive.
        var cut = (await service.Client.PatientEvents(clinic, "p")).EnumerateArray()
            .Single(e => e.GetProperty("eventId").GetString() == "late").GetProperty("recordedAt").GetDateTimeOffset();

        Ids(await Get(clinic, $"timeField=recordedAt&from={Q(cut)}")).ShouldBe(["late"]);
        Ids(await Get(clinic, $"timeField=recordedAt&to={Q(cut)}")).ShouldBe(["early"]);
        Ids(await Get(clinic, $"timeField=occurredAt&from={Q(Day0.AddDays(1))}")).ShouldBe(["early"]);
    }

    [Fact]
    public async Task bad_parameters_name_each_field()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 1 }));

        var response = await service.Client.GetAsync(
            $"/api/clinics/{clinic}/patients/p/events?type=Nope&from=yesterday&timeField=both&page=0&pageSize=5000");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Body()).GetProperty("errors");
        foreach (var field in new[] { "type", "from", "timeField", "page", "pageSize" })
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/nobody/events?type=DoseGiven"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task exports_as_ndjson_and_csv_with_the_same_events()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "OffScheduleRequest", new { kind = "take-home", channel = "phone, then \"portal\"" }, Day0, "e1"));
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 3 }, Day0.AddDays(1), "e2"));

        var ndjson = await Export(clinic, "application/x-ndjson");
        var lines = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        first.GetProperty("eventId").GetString().ShouldBe("e1");
        first.GetProperty("type").GetString().ShouldBe("OffScheduleRequest");
        first.GetProperty("data").GetProperty("channel").GetString().ShouldBe("phone, then \"portal\"");
        first.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(Day0);

        var csv = (await Export(clinic, "text/csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv[0].ShouldBe("eventId,type,sequence,version,occurredAt,recordedAt,recordedBy,data");
        csv.Length.ShouldBe(3);
        csv[1].ShouldStartWith("e1,OffScheduleRequest,");
        csv[1].ShouldContain("\\\"\"portal\\\"\""); // JSON escapes the quote, CSV doubles it
        csv[2].ShouldStartWith("e2,CravingReported,");

        (await Export(clinic, "text/csv", "type=CravingReported")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    async Task<JsonElement> Get(string clinic, string query)
    {
        var response = await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/events?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }

    async Task<string> Export(string clinic, string accept, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/patients/p/events?{query}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var response = await service.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(accept);
        return await response.Content.ReadAsStringAsync();
    }

    static string[] Ids(JsonElement page) =>
        page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToArray();

    static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
