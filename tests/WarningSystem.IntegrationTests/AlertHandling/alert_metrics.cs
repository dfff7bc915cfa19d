using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using WarningSystem.Alerts;

namespace WarningSystem.IntegrationTests.AlertHandling;

[Collection(ServiceCollection.Name)]
public class alert_metrics(ServiceFixture service)
{
    static readonly DateTimeOffset T = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task count_resolutions_per_rule_for_the_clinic_only()
    {
        var clinic = Api.NewClinic();
        foreach (var patient in new[] { "a", "b" })
            await service.Client.PostEvent(clinic, Api.Event(patient, "WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        foreach (var patient in new[] { "a", "b" })
        {
            var alertId = (await service.Client.WaitForRule(clinic, patient, "withdrawal-signs"))[0].GetProperty("alertId").GetString();
            await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/acknowledge", Api.Json("""{"by":"c"}"""));
            await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/resolve", Api.Json("""{"by":"c","resolution":"false-positive"}"""));
        }

        var response = await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var metrics = await response.Body();
        metrics.GetProperty("total").GetInt32().ShouldBe(2);
        metrics.GetProperty("timeToAcknowledge").GetProperty("count").GetInt32().ShouldBe(2);
        var rule = metrics.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "withdrawal-signs");
        rule.GetProperty("falsePositiveShare").GetDouble().ShouldBe(1.0);
        var empty = await (await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/alerts/metrics")).Body();
        empty.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task handling_times_are_the_median_and_90th_percentile_of_what_was_observed()
    {
        var clinic = Api.NewClinic();
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().LightweightSession(clinic))
        {
            // Known handling times, stored as the read model holds them: the aggregation alone is under test.
            session.Store(
                Resolved("withdrawal-signs", Resolution.FalsePositive, 10, 60),
                Resolved("withdrawal-signs", Resolution.AddressedWithPatient, 20, 120, escalation: 1),
                Resolved("withdrawal-signs", Resolution.FalsePositive, 30, 180) with { CardsAccepted = 2, CardsOverridden = 1 },
                Resolved("withdrawal-signs", Resolution.FalsePositive, 40, 240),
                new Alert { Id = Api.NewId("open"), ClinicId = clinic, RuleId = "missed-follow-ups", Status = AlertStatus.Open, DetectedAt = T, EscalationLevel = 2 });
            await session.SaveChangesAsync();
        }

        var metrics = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/metrics")).Body();

        metrics.GetProperty("total").GetInt32().ShouldBe(5);
        metrics.GetProperty("byStatus").GetProperty("resolved").GetInt32().ShouldBe(4);
        metrics.GetProperty("byStatus").GetProperty("open").GetInt32().ShouldBe(1);
        metrics.GetProperty("escalated").GetInt32().ShouldBe(2);
        Spread(metrics.GetProperty("timeToAcknowledge")).ShouldBe((4, 20.0, 40.0));
        Spread(metrics.GetProperty("timeToResolve")).ShouldBe((4, 120.0, 240.0));
        var rules = metrics.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("ruleId").GetString()!);
        rules["withdrawal-signs"].GetProperty("raised").GetInt32().ShouldBe(4);
        rules["withdrawal-signs"].GetProperty("resolutions").GetProperty("false-positive").GetInt32().ShouldBe(3);
        rules["withdrawal-signs"].GetProperty("falsePositiveShare").GetDouble().ShouldBe(0.75);
        rules["withdrawal-signs"].GetProperty("cardsAccepted").GetInt32().ShouldBe(2);
        rules["withdrawal-signs"].GetProperty("cardsOverridden").GetInt32().ShouldBe(1);
        rules["missed-follow-ups"].GetProperty("raised").GetInt32().ShouldBe(1);
        // Nothing resolved, no share: the field is left out, as every null is.
        rules["missed-follow-ups"].TryGetProperty("falsePositiveShare", out _).ShouldBeFalse();

        Alert Resolved(string rule, Resolution resolution, int minutesToAck, int minutesToResolve, int escalation = 0) => new()
        {
            Id = Api.NewId("alert"), ClinicId = clinic, RuleId = rule, Status = AlertStatus.Resolved, DetectedAt = T,
            AcknowledgedAt = T.AddMinutes(minutesToAck), ResolvedAt = T.AddMinutes(minutesToResolve), Resolution = resolution,
            EscalationLevel = escalation,
        };
    }

    static (int, double?, double?) Spread(System.Text.Json.JsonElement d) =>
        (d.GetProperty("count").GetInt32(), d.GetProperty("medianMinutes").GetDouble(), d.GetProperty("p90Minutes").GetDouble());
}
