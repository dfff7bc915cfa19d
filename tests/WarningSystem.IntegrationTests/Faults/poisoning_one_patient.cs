using System.Diagnostics;
using System.Net;
using System.Text.Json;
using WarningSystem.Detection;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 5: a rule that throws for one patient (injected with <c>Faults:ThrowingRuleForPatient</c>). That patient's
/// evaluations are dead-lettered with the reason and visible to operators, every other patient is still evaluated;
/// after the fix (the service started again without the fault) re-driving them raises the patient's alerts once,
/// and re-driving again adds nothing.
/// </summary>
[Collection(FaultSuite.Name)]
public class poisoning_one_patient
{
    [Fact]
    public async Task dead_letters_only_that_patient_and_a_redrive_raises_its_alerts_once()
    {
        var histories = Histories.Mixed(perTemplate: 2, fillers: 10, DateTimeOffset.UtcNow);
        // The composite's history: four events, four rules, so four evaluations fail and four alerts wait on the re-drive.
        var poisoned = histories.First(h => h.ExpectedRules.Contains("elevated-misuse-risk"));
        var total = histories.Sum(h => h.Events.Count);
        await using var scenario = await FaultScenario.StartAsync("poison",
            settings: [(FaultInjection.ThrowingRuleForPatientKey, poisoned.PatientId)]);

        await scenario.Ledger.PostAllAsync(histories, parallel: 16, patience: TimeSpan.FromSeconds(90));
        // Until re-driven, the poisoned patient must have no alert at all, and everyone else every alert.
        var withoutPoisoned = histories.Select(h => h == poisoned ? h with { ExpectedRules = new HashSet<string>() } : h).ToList();
        // Escalations and deliveries are counted once, at the end; here the alerts are enough.
        var before = await Webhooks.Until(() => Reconciliation.CountAsync(scenario.Client, scenario.Ledger, withoutPoisoned, null, 0),
            r => r.AlertsMissing == 0, "every other patient's alerts", TimeSpan.FromSeconds(90));
        var failures = await Webhooks.Until(() => Failures(scenario, poisoned.PatientId), f => f.Length >= poisoned.Events.Count,
            "every evaluation of the poisoned patient dead-lettered", TimeSpan.FromSeconds(60));
        var others = await Failures(scenario, null);

        before.EventsLost.ShouldBe(0, before.ToString());
        before.AlertsMissing.ShouldBe(0, before.ToString());
        before.AlertsUnexpected.ShouldBe(0, "nothing for the poisoned patient before the re-drive: " + before);
        before.AlertsDuplicated.ShouldBe(0, before.ToString());
        others.Length.ShouldBe(poisoned.Events.Count, "only the poisoned patient's evaluations failed");
        var eventIds = poisoned.Events.Select(e => e["eventId"]!.GetValue<string>()).ToHashSet();
        foreach (var failure in failures)
        {
            eventIds.ShouldContain(failure.GetProperty("eventId").GetString()!);
            failure.GetProperty("ruleId").GetString().ShouldBe(FaultInjection.ThrowingRuleId);
            failure.GetProperty("exceptionType").GetString()!.ShouldEndWith(nameof(RuleFailedException));
            failure.GetProperty("exceptionMessage").GetString()!.ShouldContain(FaultInjection.ThrowingRuleId);
            failure.GetProperty("sequence").GetInt64().ShouldBeGreaterThan(0);
        }
        failures.Select(f => f.GetProperty("eventId").GetString()).Distinct().Count().ShouldBe(poisoned.Events.Count);

        // The fix: the service started again without the faulty rule. The dead letters outlive the restart.
        var clock = Stopwatch.StartNew();
        await scenario.Service.StopAsync();
        var stopped = clock.Elapsed;
        scenario.Service.Unset(FaultInjection.ThrowingRuleForPatientKey);
        await scenario.Service.StartAgainAsync();
        var restarted = clock.Elapsed;
        var redrives = new List<HttpStatusCode>();
        foreach (var failure in failures)
        {
            // Twice in a row: the second may find the dead letter not yet moved (202) or gone (404); either way once.
            for (var i = 0; i < 2; i++)
                redrives.Add((await scenario.Client.PostAsync(Redrive(scenario, failure), null)).StatusCode);
        }
        var after = await Reconciliation.SettleAndCountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver,
            FaultScenario.EscalationLevels, TimeSpan.FromSeconds(90));
        var recovered = clock.Elapsed;
        after.ShouldBeWhole(total);
        (await Failures(scenario, poisoned.PatientId)).ShouldBeEmpty();

        // Once re-driven a dead letter is gone: a third re-drive finds nothing, and nothing more is raised or delivered.
        foreach (var failure in failures)
            (await scenario.Client.PostAsync(Redrive(scenario, failure), null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await Waiting.Until(() => Reconciliation.SubscriptionsCaughtUpAsync(scenario.Client), "every subscription at the high water mark", TimeSpan.FromSeconds(30));
        var again = await Reconciliation.CountAsync(scenario.Client, scenario.Ledger, histories, scenario.Receiver, FaultScenario.EscalationLevels);
        again.AlertsRaised.ShouldBe(after.AlertsRaised, again.ToString());
        again.AlertChanges.ShouldBe(after.AlertChanges, again.ToString());
        again.AlertsDuplicated.ShouldBe(0, again.ToString());

        FaultScenario.Report("poison event",
            $"{total} events; {failures.Length} evaluations of the poisoned patient dead-lettered (reason: {failures[0].GetProperty("exceptionMessage").GetString()}); " +
            $"before the re-drive {before.AlertsRaised} alerts for the others, 0 for it; re-drives answered {string.Join(", ", redrives.GroupBy(s => (int)s).Select(g => $"{g.Key} × {g.Count()}"))}; " +
            $"stopped in {stopped.TotalSeconds:F1} s, live again {restarted.TotalSeconds:F1} s after the stop began, everything settled {recovered.TotalSeconds:F1} s after; {after}");
    }

    static string Redrive(FaultScenario scenario, JsonElement failure) =>
        $"/api/clinics/{scenario.ClinicId}/detection/failures/{failure.GetProperty("id").GetString()}/redrive";

    static async Task<JsonElement[]> Failures(FaultScenario scenario, string? patientId)
    {
        var query = patientId is null ? "" : $"?patientId={patientId}";
        using var response = await scenario.Client.GetAsync($"/api/clinics/{scenario.ClinicId}/detection/failures{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Body()).GetProperty("items").EnumerateArray().ToArray();
    }
}
