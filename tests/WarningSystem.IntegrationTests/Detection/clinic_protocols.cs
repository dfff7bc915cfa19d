using System.Net;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Detection;

[Collection(ServiceCollection.Name)]
public class clinic_protocols(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 8, 1, 9, 0, 0, TimeSpan.Zero);

    Task<HttpResponseMessage> Put(string clinic, string body) =>
        service.Client.PutAsync($"/api/clinics/{clinic}/protocol", Api.Json(body));

    [Fact]
    public async Task the_rule_list_shows_defaults_and_a_clinics_effective_settings()
    {
        var clinic = Api.NewClinic();
        (await Put(clinic, """{"changedBy":"admin-1","settings":{"withdrawalSigns":{"symptomCount":3}}}""")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rules = await (await service.Client.GetAsync($"/api/rules?clinicId={clinic}")).Body();

        rules.GetProperty("protocolVersion").GetInt64().ShouldBe(1);
        var list = rules.GetProperty("rules").EnumerateArray().ToArray();
        list.Select(r => r.GetProperty("id").GetString()).ShouldBe([
            "dose-above-authorized", "tolerance-escalation", "frequency-above-plan", "off-schedule-requests",
            "craving-outside-session", "missed-follow-ups", "withdrawal-signs", "elevated-misuse-risk"], ignoreOrder: true);
        var withdrawal = list.Single(r => r.GetProperty("id").GetString() == "withdrawal-signs");
        withdrawal.GetProperty("defaults").GetProperty("symptomCount").GetInt32().ShouldBe(2);
        withdrawal.GetProperty("effective").GetProperty("symptomCount").GetInt32().ShouldBe(3);
        withdrawal.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task a_changed_threshold_applies_to_events_recorded_after_it()
    {
        var clinic = Api.NewClinic();
        object twoMildSymptoms = new { symptoms = new[] { "anxiety", "insomnia" }, severity = "mild" };
        var before = Api.Event("before", "WithdrawalSymptomsReported", twoMildSymptoms, Day0);
        await service.Client.PostEvent(clinic, before);
        await service.Client.WaitForRule(clinic, "before", "withdrawal-signs");

        (await Put(clinic, """{"changedBy":"admin-1","settings":{"withdrawalSigns":{"symptomCount":3}}}""")).EnsureSuccessStatusCode();
        var after = Api.Event("after", "WithdrawalSymptomsReported", twoMildSymptoms, Day0);
        await service.Client.PostEvent(clinic, after);

        var alerts = await service.Client.SettleWithSentinel(clinic, "after", Day0.AddDays(1));
        alerts.ShouldHaveSingleItem().EvidenceIds().ShouldNotContain(after["eventId"]!.GetValue<string>());
    }

    [Fact]
    public async Task invalid_settings_are_rejected_and_change_nothing()
    {
        var clinic = Api.NewClinic();

        var negative = await Put(clinic, """{"changedBy":"a","settings":{"frequencyAbovePlan":{"windowDays":-1}}}""");
        var unknown = await Put(clinic, """{"changedBy":"a","settings":{"frequencyAbovePlan":{"windowWeeks":1}}}""");
        var anonymous = await Put(clinic, """{"settings":{}}""");

        negative.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await negative.Body()).GetProperty("errors").TryGetProperty("settings.frequencyAbovePlan.windowDays", out _).ShouldBeTrue();
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var current = await (await service.Client.GetAsync($"/api/clinics/{clinic}/protocol")).Body();
        current.GetProperty("version").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task a_stale_expected_version_is_a_conflict()
    {
        var clinic = Api.NewClinic();
        (await Put(clinic, """{"changedBy":"a","expectedVersion":0,"settings":{"missedFollowUps":{"count":3}}}""")).EnsureSuccessStatusCode();

        var stale = await Put(clinic, """{"changedBy":"b","expectedVersion":0,"settings":{"missedFollowUps":{"count":4}}}""");

        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var current = await (await service.Client.GetAsync($"/api/clinics/{clinic}/protocol")).Body();
        current.GetProperty("settings").GetProperty("missedFollowUps").GetProperty("count").GetInt32().ShouldBe(3);
    }
}
