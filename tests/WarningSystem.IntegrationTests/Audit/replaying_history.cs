using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class replaying_history(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    async Task<string> RequestsAndWithdrawal(string clinic, string patient)
    {
        await service.Client.PostEvent(clinic, Api.Event(patient, "OffScheduleRequest", new { kind = "extra-session", channel = "phone" }, Day0));
        await service.Client.PostEvent(clinic, Api.Event(patient, "OffScheduleRequest", new { kind = "earlier-session", channel = "phone" }, Day0.AddDays(2)));
        await service.Client.WaitForRule(clinic, patient, "off-schedule-requests");
        var cut = (await service.Client.PatientEvents(clinic, patient))[0].GetProperty("recordedAt").GetDateTimeOffset();
        await service.Client.SettleWithSentinel(clinic, patient, Day0.AddDays(3));
        return cut.ToString("O");
    }

    [Fact]
    public async Task with_unchanged_rules_it_finds_what_was_recorded_and_writes_nothing()
    {
        var clinic = Api.NewClinic();
        await RequestsAndWithdrawal(clinic, "p");
        var alertsBefore = JsonSerializer.Serialize(await service.Client.ForPatient(clinic, "p"));

        var replay = await Replay($"/api/clinics/{clinic}/patients/p/replay", null);

        Strings(replay.GetProperty("diff").GetProperty("both")).ShouldBe(["off-schedule-requests", "withdrawal-signs"]);
        Strings(replay.GetProperty("diff").GetProperty("onlyReplayed")).ShouldBeEmpty();
        Strings(replay.GetProperty("diff").GetProperty("onlyRecorded")).ShouldBeEmpty();
        foreach (var recorded in replay.GetProperty("recorded").EnumerateArray())
            Strings(replay.GetProperty("replayed").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == recorded.GetProperty("ruleId").GetString())
                .GetProperty("evidence")).ShouldBe(Strings(recorded.GetProperty("evidence")));
        JsonSerializer.Serialize(await service.Client.ForPatient(clinic, "p")).ShouldBe(alertsBefore);
    }

    [Fact]
    public async Task under_a_changed_threshold_or_an_earlier_point_it_shows_the_difference()
    {
        var clinic = Api.NewClinic();
        var cut = await RequestsAndWithdrawal(clinic, "p");
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 6, duringSession = false }, Day0.AddDays(4)));
        await service.Client.SettleWithSentinel(clinic, "p", Day0.AddDays(5));

        var proposed = await Replay($"/api/clinics/{clinic}/patients/p/replay",
            """{ "protocol": { "offScheduleRequests": { "count": 3 }, "cravingOutsideSession": { "highIntensity": 5 } } }""");
        var diff = proposed.GetProperty("diff");
        Strings(diff.GetProperty("onlyRecorded")).ShouldBe(["off-schedule-requests"]);
        Strings(diff.GetProperty("onlyReplayed")).ShouldBe(["craving-outside-session"]);
        Strings(diff.GetProperty("both")).ShouldBe(["withdrawal-signs"]);

        var earlier = await Replay($"/api/clinics/{clinic}/patients/p/replay", $$"""{ "asOf": "{{cut}}" }""");
        earlier.GetProperty("version").GetInt64().ShouldBe(1);
        earlier.GetProperty("replayed").GetArrayLength().ShouldBe(0);
        earlier.GetProperty("recorded").GetArrayLength().ShouldBe(0);

        var oneRule = await Replay($"/api/clinics/{clinic}/patients/p/replay", """{ "ruleVersions": { "withdrawal-signs": 1 } }""");
        Strings(oneRule.GetProperty("diff").GetProperty("both")).ShouldBe(["withdrawal-signs"]);
    }

    [Fact]
    public async Task clinic_wide_it_counts_the_alerts_a_proposed_protocol_would_add_and_remove()
    {
        var clinic = Api.NewClinic();
        await RequestsAndWithdrawal(clinic, "p1");
        await service.Client.PostEvent(clinic, Api.Event("p2", "CravingReported", new { intensity = 6, duringSession = false }, Day0));
        await service.Client.SettleWithSentinel(clinic, "p2", Day0.AddDays(1));

        var counts = await Replay($"/api/clinics/{clinic}/replay",
            """{ "protocol": { "offScheduleRequests": { "count": 3 }, "cravingOutsideSession": { "highIntensity": 5 } } }""");

        counts.GetProperty("patients").GetInt32().ShouldBe(2);
        var rules = counts.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("ruleId").GetString()!);
        (rules["off-schedule-requests"].GetProperty("added").GetInt32(), rules["off-schedule-requests"].GetProperty("removed").GetInt32()).ShouldBe((0, 1));
        (rules["craving-outside-session"].GetProperty("added").GetInt32(), rules["craving-outside-session"].GetProperty("removed").GetInt32()).ShouldBe((1, 0));
        rules["withdrawal-signs"].GetProperty("recorded").GetInt32().ShouldBe(2);
        rules["withdrawal-signs"].GetProperty("replayed").GetInt32().ShouldBe(2);
        (rules["withdrawal-signs"].GetProperty("added").GetInt32(), rules["withdrawal-signs"].GetProperty("removed").GetInt32()).ShouldBe((0, 0));

        var unchanged = await Replay($"/api/clinics/{clinic}/replay", "{}");
        unchanged.GetProperty("rules").EnumerateArray().ShouldAllBe(r => r.GetProperty("added").GetInt32() == 0 && r.GetProperty("removed").GetInt32() == 0);
    }

    [Fact]
    public async Task bad_proposals_name_the_field()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 1 }));

        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/patients/p/replay",
            Api.Json("""{ "protocol": { "nope": 1, "offScheduleRequests": { "count": 0 } }, "ruleVersions": { "withdrawal-signs": 7, "x": 1 } }"""));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Body()).GetProperty("errors");
        foreach (var field in new[] { "protocol.nope", "protocol.offScheduleRequests.count", "ruleVersions.withdrawal-signs", "ruleVersions.x" })
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        (await service.Client.PostAsync($"/api/clinics/{clinic}/patients/nobody/replay", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    async Task<JsonElement> Replay(string path, string? body)
    {
        var response = await service.Client.PostAsync(path, body is null ? null : Api.Json(body));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }

    static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
