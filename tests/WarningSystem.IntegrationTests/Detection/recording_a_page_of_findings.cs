using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using WarningSystem.Detection;

namespace WarningSystem.IntegrationTests.Detection;

/// <summary>
/// Detection publishes a patient's findings of a page as one message, recorded in one transaction. Findings of the
/// same rule in that page join the alert the first of them raised, and evidence they share is recorded once.
/// </summary>
[Collection(ServiceCollection.Name)]
public class recording_a_page_of_findings(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task many_findings_for_one_patient_in_one_batch_give_each_alert_once()
    {
        var clinic = Api.NewClinic();
        // Every craving from the second on finds the ones of the week before it again; every withdrawal report finds itself.
        var cravings = Enumerable.Range(0, 12)
            .Select(d => Api.Event("p", "CravingReported", new { intensity = 5, duringSession = false }, Day0.AddDays(d))).ToList();
        var reports = Enumerable.Range(0, 6)
            .Select(d => Api.Event("p", "WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" },
                Day0.AddDays(d).AddHours(2))).ToList();
        JsonNode[] page = [.. cravings.Zip(reports).SelectMany(p => new[] { p.First, p.Second }), .. cravings.Skip(reports.Count)];
        (await service.Client.PostBatch(clinic, page)).EnsureSuccessStatusCode();

        var alerts = await service.Client.SettleWithSentinel(clinic, "p", Day0.AddDays(20));

        alerts.GroupBy(a => a.Rule()).ShouldAllBe(rule => rule.Count() == 1);
        alerts.ShouldAllBe(a => a.EvidenceIds().Distinct().Count() == a.EvidenceIds().Length);
        alerts.Single(a => a.Rule() == "craving-outside-session").EvidenceIds()
            .ShouldBe(cravings.Select(c => c["eventId"]!.GetValue<string>()), ignoreOrder: true);
        alerts.Single(a => a.Rule() == "withdrawal-signs").EvidenceIds().Length.ShouldBe(reports.Count + 1);
    }

    [Fact]
    public async Task a_void_in_the_same_batch_still_marks_the_alert_its_event_raised()
    {
        var clinic = Api.NewClinic();
        JsonNode[] page =
        [
            Api.Event("p", "WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }, Day0, "w"),
            Api.Event("p", "EventVoided", new { voidedEventId = "w", reason = "recorded for the wrong patient" }, Day0.AddHours(1)),
        ];
        (await service.Client.PostBatch(clinic, page)).EnsureSuccessStatusCode();

        var alert = (await service.Client.WaitForAlerts(clinic, "p",
            a => a.Any(x => x.GetProperty("evidenceVoided").GetBoolean()))).ShouldHaveSingleItem();

        alert.EvidenceIds().ShouldBe(["w"]);
    }

    [Fact]
    public async Task findings_recorded_together_raise_join_and_rise_as_one_at_a_time()
    {
        var clinic = Api.NewClinic();
        FindingDetected Finding(string rule, Severity severity, params string[] evidence) => new("p", rule, 1, severity,
            Day0, evidence[^1], "summary", "explanation",
            evidence.Select((id, i) => new FindingEvidence(id, 100 + i, Day0, "CravingReported")).ToList(), 0);
        FindingDetected[] findings =
        [
            Finding("craving-outside-session", Severity.Medium, "c1", "c2"),
            Finding("withdrawal-signs", Severity.Medium, "w1"),
            Finding("craving-outside-session", Severity.Medium, "c1", "c2"),
            Finding("craving-outside-session", Severity.High, "c2", "c3"),
            Finding("withdrawal-signs", Severity.Medium, "w1", "w2"),
        ];

        using (var scope = service.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(clinic, new FindingsDetected("p", findings));

        var alerts = await service.Client.ForPatient(clinic, "p");
        alerts.Length.ShouldBe(2);
        var craving = alerts.Single(a => a.Rule() == "craving-outside-session");
        craving.EvidenceIds().ShouldBe(["c1", "c2", "c3"]);
        craving.GetProperty("severity").GetString().ShouldBe("high");
        craving.GetProperty("version").GetInt64().ShouldBe(3);
        var withdrawal = alerts.Single(a => a.Rule() == "withdrawal-signs");
        withdrawal.EvidenceIds().ShouldBe(["w1", "w2"]);
        withdrawal.GetProperty("version").GetInt64().ShouldBe(2);
    }
}
