using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.AlertHandling;

[Collection(ServiceCollection.Name)]
public class acting_on_alerts(ServiceFixture service)
{
    async Task<(string Clinic, string AlertId)> RaiseAlert(string patientId = "p", string? clinic = null)
    {
        clinic ??= Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event(patientId, "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        var alert = (await service.Client.WaitForRule(clinic, patientId, "withdrawal-signs"))[0];
        return (clinic, alert.GetProperty("alertId").GetString()!);
    }

    Task<HttpResponseMessage> Act(string clinic, string alertId, string action, object body) =>
        service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/{action}", Api.Json(JsonSerializer.Serialize(body)));

    async Task<JsonElement> Alert(string clinic, string alertId) =>
        await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alertId}")).Body();

    [Fact]
    public async Task acknowledge_then_resolve_records_who_and_why_in_the_timeline()
    {
        var (clinic, alertId) = await RaiseAlert();

        var ack = await Act(clinic, alertId, "acknowledge", new { by = "coord-1", note = "calling today" });
        var resolve = await Act(clinic, alertId, "resolve", new { by = "dr-2", resolution = "addressed-with-patient", note = "discussed" });

        ack.StatusCode.ShouldBe(HttpStatusCode.OK);
        var acknowledged = await ack.Body();
        acknowledged.GetProperty("status").GetString().ShouldBe("acknowledged");
        acknowledged.GetProperty("version").GetInt64().ShouldBe(2);
        resolve.StatusCode.ShouldBe(HttpStatusCode.OK);
        var alert = await Alert(clinic, alertId);
        alert.GetProperty("status").GetString().ShouldBe("resolved");
        alert.GetProperty("resolution").GetString().ShouldBe("addressed-with-patient");
        alert.GetProperty("acknowledgedBy").GetString().ShouldBe("coord-1");
        alert.GetProperty("version").GetInt64().ShouldBe(3);
        var timeline = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alertId}/timeline")).Body();
        timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString())
            .ShouldBe(["AlertRaised", "AlertAcknowledged", "AlertResolved"]);
    }

    [Fact]
    public async Task illegal_transitions_are_refused_and_change_nothing()
    {
        var (clinic, alertId) = await RaiseAlert();
        (await Act(clinic, alertId, "resolve", new { by = "dr", resolution = "false-positive" })).EnsureSuccessStatusCode();
        var before = (await Alert(clinic, alertId)).GetProperty("version").GetInt64();

        (await Act(clinic, alertId, "acknowledge", new { by = "coord" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Act(clinic, alertId, "resolve", new { by = "coord", resolution = "referred" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Act(clinic, alertId, "snooze", new { by = "coord", reason = "r", until = DateTimeOffset.UtcNow.AddDays(1) }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await Alert(clinic, alertId)).GetProperty("version").GetInt64().ShouldBe(before);
    }

    public static TheoryData<string, string, string> BadCommands => new()
    {
        { "resolve", """{"by":"dr"}""", "resolution" },
        { "resolve", """{"by":"dr","resolution":"fixed"}""", "resolution" },
        { "resolve", """{"resolution":"referred"}""", "by" },
        { "acknowledge", """{"note":"x"}""", "by" },
        { "acknowledge", """{"by":"x","extra":1}""", "extra" },
        { "snooze", """{"by":"c","until":"2030-01-01T00:00:00Z"}""", "reason" },
        { "snooze", """{"by":"c","reason":"r"}""", "until" },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task a_command_missing_what_it_needs_is_a_400_naming_the_field(string action, string body, string field)
    {
        var (clinic, alertId) = await RaiseAlert();

        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/{action}", Api.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Body()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
        (await Alert(clinic, alertId)).GetProperty("status").GetString().ShouldBe("open");
    }

    [Fact]
    public async Task resolving_with_other_needs_a_note()
    {
        var (clinic, alertId) = await RaiseAlert();

        var response = await Act(clinic, alertId, "resolve", new { by = "dr", resolution = "other" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Alert(clinic, alertId)).GetProperty("status").GetString().ShouldBe("open");
    }

    [Fact]
    public async Task an_alert_of_another_clinic_cannot_be_acted_on()
    {
        var (_, alertId) = await RaiseAlert();

        var response = await Act(Api.NewClinic(), alertId, "acknowledge", new { by = "intruder" });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_expired_snooze_returns_the_alert_to_open()
    {
        var (clinic, alertId) = await RaiseAlert();

        var snooze = await Act(clinic, alertId, "snooze", new { by = "coord", reason = "patient travelling", until = DateTimeOffset.UtcNow.AddSeconds(2) });

        snooze.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await snooze.Body()).GetProperty("status").GetString().ShouldBe("snoozed");
        await service.Client.WaitForAlerts(clinic, "p", a => a.Single().GetProperty("status").GetString() == "open");
        var timeline = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alertId}/timeline")).Body();
        timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString())
            .ShouldBe(["AlertRaised", "AlertSnoozed", "AlertSnoozeExpired"]);
    }

    [Fact]
    public async Task the_worklist_groups_open_alerts_by_patient()
    {
        var (clinic, first) = await RaiseAlert("p1");
        // A documented substance use history makes p2's withdrawal alert high.
        await service.Client.PostEvent(clinic, Api.Event("p2", "RiskScreeningRecorded",
            new { instrument = "DAST-10", score = 6, substanceUseHistory = true, familyHistory = false, recreationalUse = false }, DateTimeOffset.UtcNow.AddDays(-1)));
        await RaiseAlert("p2", clinic);
        await service.Client.PostEvent(clinic, Api.Event("p1", "CravingReported", new { intensity = 9, duringSession = false }));
        await service.Client.WaitForRule(clinic, "p1", "craving-outside-session");
        await RaiseAlert("p3", clinic);
        var p3 = (await service.Client.ForPatient(clinic, "p3"))[0].GetProperty("alertId").GetString()!;
        (await Act(clinic, p3, "resolve", new { by = "dr", resolution = "referred" })).EnsureSuccessStatusCode();

        var page = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?groupBy=patient")).Body();

        page.GetProperty("total").GetInt32().ShouldBe(2);
        var p1 = page.GetProperty("patients").EnumerateArray().Single(p => p.GetProperty("patientId").GetString() == "p1");
        p1.GetProperty("alerts").GetArrayLength().ShouldBe(2);
        p1.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("alertId").GetString()).ShouldContain(first);
        // Most severe first (p2's high alert before p1's later medium ones), then one patient a page, filters as in the list.
        Patients(page).ShouldBe(["p2", "p1"]);
        page.GetProperty("patients")[0].GetProperty("highestSeverity").GetString().ShouldBe("high");
        Patients(await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?groupBy=patient&pageSize=1&page=2")).Body()).ShouldBe(["p1"]);
        Patients(await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?groupBy=patient&severity=medium")).Body()).ShouldBe(["p1"]);
        Patients(await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?groupBy=patient&status=resolved")).Body()).ShouldBe(["p3"]);
    }

    static string[] Patients(JsonElement page) =>
        page.GetProperty("patients").EnumerateArray().Select(p => p.GetProperty("patientId").GetString()!).ToArray();
}
