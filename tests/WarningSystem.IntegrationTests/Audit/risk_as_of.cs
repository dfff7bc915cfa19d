using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class risk_as_of(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 7, 6, 9, 0, 0, TimeSpan.Zero);

    static object Dose(int mg) => new { sessionId = Api.NewId("s"), drug = "ketamine", route = "IM", doseMg = mg };

    [Fact]
    public async Task shows_what_was_known_before_and_after_a_late_event()
    {
        var clinic = Api.NewClinic();
        (await service.Client.PostEvent(clinic, Api.Event("p", "TreatmentPlanPrescribed",
            new { drug = "ketamine", route = "intranasal", doseMg = 40, maxSessionsPerWeek = 2, prescriber = "dr" }, Day0)))
            .EnsureSuccessStatusCode();
        await service.Client.PostEvent(clinic, Api.Event("p", "DoseGiven", Dose(40), Day0.AddDays(1)));
        await service.Client.PostEvent(clinic, Api.Event("p", "DoseGiven", Dose(40), Day0.AddDays(3)));
        var beforeLate = await Risk(clinic, "");
        var lateId = Api.NewId("late");
        await service.Client.PostEvent(clinic, Api.Event("p", "DoseGiven", Dose(40), Day0.AddDays(2), lateId));
        await service.Client.WaitForRule(clinic, "p", "frequency-above-plan");

        var atVersion3 = await Risk(clinic, "asOfVersion=3");
        atVersion3.GetProperty("version").GetInt64().ShouldBe(3);
        Doses(atVersion3).Length.ShouldBe(2);
        Matches(atVersion3, "frequency-above-plan").ShouldBe(0);
        atVersion3.GetProperty("openAlerts").GetArrayLength().ShouldBe(0);
        atVersion3.GetProperty("risk").GetProperty("plan").GetProperty("plan").GetProperty("maxSessionsPerWeek").GetInt32().ShouldBe(2);
        atVersion3.GetProperty("risk").GetProperty("authorizedDose").GetProperty("doseMg").GetDecimal().ShouldBe(40);

        var atTime = await Risk(clinic, $"asOf={Uri.EscapeDataString(beforeLate.GetProperty("asOf").GetDateTimeOffset().ToString("O"))}");
        Doses(atTime).ShouldBe(Doses(atVersion3));
        atTime.GetProperty("openAlerts").GetArrayLength().ShouldBe(0);

        var now = await Risk(clinic, "");
        Doses(now).Length.ShouldBe(3);
        Doses(now).ShouldContain(lateId);
        Matches(now, "frequency-above-plan").ShouldBeGreaterThan(0);
        now.GetProperty("openAlerts").EnumerateArray().Select(a => a.GetProperty("ruleId").GetString()).ShouldContain("frequency-above-plan");
        var composite = now.GetProperty("risk").GetProperty("composite");
        composite.GetProperty("score").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        composite.GetProperty("threshold").GetInt32().ShouldBe(6);
    }

    [Fact]
    public async Task before_the_first_event_there_is_no_patient_and_bad_points_are_refused()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 1 }, Day0));

        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/risk?asOf=2000-01-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/risk?asOf=yesterday")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/risk?asOfVersion=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/risk?asOfVersion=x")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    async Task<JsonElement> Risk(string clinic, string query)
    {
        var response = await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/risk?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }

    static string[] Doses(JsonElement risk) => risk.GetProperty("risk").GetProperty("recentDoses").EnumerateArray()
        .Select(d => d.GetProperty("eventId").GetString()!).ToArray();

    static int Matches(JsonElement risk, string ruleId) => risk.GetProperty("risk").GetProperty("rules").EnumerateArray()
        .Single(r => r.GetProperty("ruleId").GetString() == ruleId).GetProperty("matches").GetInt32();
}
