using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class explaining_alerts(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 8, 3, 9, 0, 0, TimeSpan.Zero);

    static object Dose(decimal mg) => new { sessionId = Api.NewId("s"), drug = "ketamine", route = "IM", doseMg = mg };

    /// <summary>For each rule, a patient whose history makes it fire.</summary>
    static readonly (string Rule, (string Type, object Data, int Day)[] Events)[] Histories =
    [
        ("withdrawal-signs", [("WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }, 0)]),
        ("dose-above-authorized", [
            ("TreatmentPlanPrescribed", new { drug = "ketamine", route = "IV", doseMgPerKg = 0.5, maxSessionsPerWeek = 2, prescriber = "dr" }, 0),
            ("DoseGiven", new { sessionId = "s1", drug = "ketamine", route = "IV", doseMg = 42, weightKg = 70 }, 1)]),
        ("tolerance-escalation", [("DoseGiven", Dose(20), 0), ("DoseGiven", Dose(30), 7)]),
        ("frequency-above-plan", [("DoseGiven", Dose(20), 0), ("DoseGiven", Dose(20), 1), ("DoseGiven", Dose(20), 2)]),
        ("off-schedule-requests", [
            ("OffScheduleRequest", new { kind = "extra-session", channel = "phone" }, 0),
            ("OffScheduleRequest", new { kind = "earlier-session", channel = "phone" }, 3)]),
        ("craving-outside-session", [("CravingReported", new { intensity = 8, duringSession = false }, 0)]),
        ("missed-follow-ups", [
            ("MissedFollowUp", new { appointmentId = "a1", scheduledFor = Day0 }, 0),
            ("MissedFollowUp", new { appointmentId = "a2", scheduledFor = Day0.AddDays(7) }, 7)]),
        ("elevated-misuse-risk", [
            ("RiskScreeningRecorded", new { instrument = "DAST-10", score = 6, substanceUseHistory = true, familyHistory = false, recreationalUse = false }, 0),
            ("WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }, 1),
            ("CravingReported", new { intensity = 8, duringSession = false }, 2)]),
    ];

    public static TheoryData<string> Rules => new(Histories.Select(h => h.Rule));

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task each_rule_explains_its_alert_with_thresholds_evidence_and_what_clears_it(string ruleId)
    {
        var clinic = Api.NewClinic();
        var events = Histories.Single(h => h.Rule == ruleId).Events
            .Select(e => Api.Event("p", e.Type, e.Data, Day0.AddDays(e.Day))).ToList();
        foreach (var e in events) (await service.Client.PostEvent(clinic, e)).EnsureSuccessStatusCode();
        var alert = (await service.Client.WaitForRule(clinic, "p", ruleId)).Single(a => a.Rule() == ruleId);

        var explained = await Explain(clinic, alert);

        var rule = explained.GetProperty("rule");
        rule.GetProperty("id").GetString().ShouldBe(ruleId);
        rule.GetProperty("version").GetInt32().ShouldBe(1);
        rule.GetProperty("clears").GetString()!.ShouldStartWith("Clears when");
        var protocol = explained.GetProperty("protocol");
        protocol.GetProperty("version").GetInt64().ShouldBe(0);
        protocol.GetProperty("thresholds").EnumerateObject().ShouldNotBeEmpty();
        var evidence = explained.GetProperty("evidence").EnumerateArray().ToArray();
        evidence.Select(e => e.GetProperty("eventId").GetString()).ShouldBe(alert.EvidenceIds());
        foreach (var e in evidence)
        {
            e.GetProperty("data").ValueKind.ShouldBe(JsonValueKind.Object);
            e.GetProperty("recordedAt").GetDateTimeOffset().ShouldBeGreaterThan(e.GetProperty("occurredAt").GetDateTimeOffset());
        }
        // The composite counts the risk factor as a term; it is never raised by it.
        explained.TryGetProperty("riskFactor", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task names_the_screening_that_raised_the_severity()
    {
        var clinic = Api.NewClinic();
        var screening = Api.Event("p", "RiskScreeningRecorded",
            new { instrument = "DAST-10", score = 6, substanceUseHistory = true, familyHistory = true, recreationalUse = false }, Day0);
        await service.Client.PostEvent(clinic, screening);
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }, Day0.AddDays(1)));
        var alert = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).Single(a => a.Rule() == "withdrawal-signs");

        var factor = (await Explain(clinic, alert)).GetProperty("riskFactor");

        factor.GetProperty("eventId").GetString().ShouldBe(screening["eventId"]!.GetValue<string>());
        factor.GetProperty("instrument").GetString().ShouldBe("DAST-10");
        factor.GetProperty("factors").EnumerateArray().Select(f => f.GetString()).ShouldBe(["substance use history", "family history"]);
    }

    [Fact]
    public async Task shows_the_settings_of_the_protocol_version_it_was_judged_under()
    {
        var clinic = Api.NewClinic();
        (await service.Client.PutAsync($"/api/clinics/{clinic}/protocol", Api.Json(
            """{ "changedBy": "dr-admin", "settings": { "withdrawalSigns": { "symptomCount": 3 } } }"""))).EnsureSuccessStatusCode();
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }, Day0));
        var alert = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).Single();
        (await service.Client.PutAsync($"/api/clinics/{clinic}/protocol", Api.Json(
            """{ "changedBy": "dr-admin", "settings": { "withdrawalSigns": { "symptomCount": 4 } } }"""))).EnsureSuccessStatusCode();

        var protocol = (await Explain(clinic, alert)).GetProperty("protocol");

        protocol.GetProperty("version").GetInt64().ShouldBe(1);
        protocol.GetProperty("changedBy").GetString().ShouldBe("dr-admin");
        protocol.GetProperty("thresholds").GetProperty("symptomCount").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task an_unknown_alert_is_not_found()
    {
        (await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/alerts/alert-nope/explain")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    async Task<JsonElement> Explain(string clinic, JsonElement alert)
    {
        var response = await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alert.GetProperty("alertId").GetString()}/explain");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }
}
