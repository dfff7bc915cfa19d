using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class voiding_events(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    static System.Text.Json.Nodes.JsonObject Void(string patient, string voided, DateTimeOffset at) =>
        Api.Event(patient, "EventVoided", new { voidedEventId = voided, reason = "recorded for the wrong patient" }, at);

    [Fact]
    public async Task rules_ignore_a_voided_event_from_then_on()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 5, duringSession = false }, Day0, "a"));
        (await service.Client.PostEvent(clinic, Void("p", "a", Day0.AddDays(1)))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 5, duringSession = false }, Day0.AddDays(2), "b"));

        var alerts = await service.Client.SettleWithSentinel(clinic, "p", Day0.AddDays(3));

        // Without the void, two moderate cravings outside sessions within 7 days would raise craving-outside-session.
        alerts.OtherThanSentinel().ShouldBeEmpty();
        var history = (await service.Client.PatientEvents(clinic, "p")).EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToArray();
        history.ShouldBe(["CravingReported", "EventVoided", "CravingReported", "WithdrawalSymptomsReported"]);
    }

    [Fact]
    public async Task the_risk_as_of_before_the_void_still_sees_the_original()
    {
        var clinic = Api.NewClinic();
        object Dose() => new { sessionId = Api.NewId("s"), drug = "ketamine", route = "IM", doseMg = 30 };
        await service.Client.PostEvent(clinic, Api.Event("p", "DoseGiven", Dose(), Day0, "d1"));
        await service.Client.PostEvent(clinic, Api.Event("p", "DoseGiven", Dose(), Day0.AddDays(3), "d2"));
        await service.Client.PostEvent(clinic, Void("p", "d1", Day0.AddDays(4)));

        (await RecentDoses(clinic, "asOfVersion=2")).ShouldBe(["d1", "d2"]);
        (await RecentDoses(clinic, "")).ShouldBe(["d2"]);
    }

    [Fact]
    public async Task an_open_alert_whose_only_evidence_was_voided_says_so_and_stays_open()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }, Day0, "w"));
        var alert = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).Single();
        await service.Client.PostEvent(clinic, Void("p", "w", Day0.AddDays(1)));

        var voided = (await service.Client.WaitForAlerts(clinic, "p", a => a.Single().GetProperty("evidenceVoided").GetBoolean())).Single();

        voided.GetProperty("status").GetString().ShouldBe("open");
        var timeline = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alert.GetProperty("alertId").GetString()}/timeline")).Body();
        var last = timeline.GetProperty("events").EnumerateArray().Last();
        last.GetProperty("type").GetString().ShouldBe("AlertEvidenceVoided");
        last.GetProperty("data").GetProperty("voidedEventId").GetString().ShouldBe("w");
    }

    [Fact]
    public async Task a_void_needs_the_event_it_voids_and_a_reason()
    {
        var response = await service.Client.PostEvent(Api.NewClinic(), Api.Event("p", "EventVoided", new { voidedEventId = "x" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Body()).GetProperty("errors").TryGetProperty("data.reason", out _).ShouldBeTrue();
    }

    async Task<string[]> RecentDoses(string clinic, string query)
    {
        var risk = await (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/risk?{query}")).Body();
        return risk.GetProperty("risk").GetProperty("recentDoses").EnumerateArray().Select(d => d.GetProperty("eventId").GetString()!).ToArray();
    }
}
