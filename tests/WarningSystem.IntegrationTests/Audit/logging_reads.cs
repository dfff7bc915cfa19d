using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class logging_reads(ServiceFixture service)
{
    [Fact]
    public async Task every_read_of_patient_data_is_logged_with_who_what_and_how_many()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        var alertId = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).Single().GetProperty("alertId").GetString();
        var auditor = TestCredentials.Token(["auditor"], [clinic], subject: "auditor-ann");

        string[] reads =
        [
            "/api/clinics/{clinicId}/patients/{patientId}/events",
            "/api/clinics/{clinicId}/patients/{patientId}/risk",
            "/api/clinics/{clinicId}/alerts",
            "/api/clinics/{clinicId}/alerts/{alertId}",
            "/api/clinics/{clinicId}/alerts/{alertId}/timeline",
            "/api/clinics/{clinicId}/alerts/{alertId}/explain",
            "/api/clinics/{clinicId}/alerts/metrics",
            "/api/clinics/{clinicId}/access-log",
        ];
        foreach (var route in reads)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, route.Replace("{clinicId}", clinic).Replace("{patientId}", "p").Replace("{alertId}", alertId));
            request.Headers.Authorization = new("Bearer", auditor);
            (await service.Anonymous.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK, route);
        }
        foreach (var replay in new[] { $"/api/clinics/{clinic}/patients/p/replay", $"/api/clinics/{clinic}/replay" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, replay) { Content = Api.Json("{}") };
            request.Headers.Authorization = new("Bearer", auditor);
            (await service.Anonymous.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK, replay);
        }
        var export = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/patients/p/events");
        export.Headers.Authorization = new("Bearer", auditor);
        export.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        (await (await service.Anonymous.SendAsync(export)).Content.ReadAsStringAsync()).ShouldStartWith("eventId,");

        string[] replays = ["/api/clinics/{clinicId}/patients/{patientId}/replay", "/api/clinics/{clinicId}/replay"];
        var logged = await WaitForReads(clinic, auditor, entries => reads.Concat(replays).All(r => entries.Any(e => e.GetProperty("route").GetString() == r))
            && entries.Count(e => e.GetProperty("route").GetString() == reads[0]) == 2);

        var history = logged.Where(e => e.GetProperty("route").GetString() == reads[0]).ToArray();
        history.ShouldAllBe(e => e.GetProperty("who").GetString() == "auditor-ann" && e.GetProperty("role").GetString() == "auditor"
            && e.GetProperty("patientId").GetString() == "p" && e.GetProperty("method").GetString() == "GET");
        history.Select(e => e.TryGetProperty("count", out var c) ? c.GetInt32() : -1).ShouldAllBe(c => c == 1); // one event read
        logged.Single(e => e.GetProperty("route").GetString() == reads[5]).GetProperty("alertId").GetString().ShouldBe(alertId);
        // Reading the reads log is a read too: the next page of the log shows the previous look at it.
        (await WaitForReads(clinic, auditor, entries => entries.Any(e => e.GetProperty("route").GetString() == "/api/clinics/{clinicId}/access-log/reads")))
            .ShouldNotBeEmpty();
    }

    [Fact]
    public async Task a_refused_or_failed_read_is_not_a_read_and_bad_filters_are_refused()
    {
        var clinic = Api.NewClinic();
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/nobody/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/access-log/reads?from=soon&pageSize=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var auditor = TestCredentials.Token(["auditor"], [clinic]);
        var entries = await WaitForReads(clinic, auditor, e => e.Length > 0);
        entries.ShouldNotContain(e => e.GetProperty("route").GetString()!.Contains("{patientId}"));

        // page × pageSize past int's range: an empty page, not an overflow into a negative offset.
        var far = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/access-log/reads?page=1894521513&pageSize=36");
        far.Headers.Authorization = new("Bearer", auditor);
        var farPage = await service.Anonymous.SendAsync(far);
        farPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await farPage.Body();
        body.GetProperty("items").GetArrayLength().ShouldBe(0);
        body.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
    }

    async Task<JsonElement[]> WaitForReads(string clinic, string auditor, Func<JsonElement[], bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/access-log/reads?pageSize=500");
            request.Headers.Authorization = new("Bearer", auditor);
            var response = await service.Anonymous.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var items = (await response.Body()).GetProperty("items").EnumerateArray().ToArray();
            if (condition(items)) return items;
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), $"the reads log never met the condition: {JsonSerializer.Serialize(items)}");
            await Task.Delay(100);
        }
    }
}
