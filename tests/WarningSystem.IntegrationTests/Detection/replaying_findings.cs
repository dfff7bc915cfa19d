using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.IntegrationTests.Detection;

/// <summary>
/// A replayed or rewound subscription emits the same findings again. Recording them again must change nothing:
/// no second alert, no repeated evidence, no new alert event (which is what delivery would send).
/// </summary>
[Collection(ServiceCollection.Name)]
public class replaying_findings(ServiceFixture service)
{
    [Fact]
    public async Task a_finding_recorded_twice_changes_nothing()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        var before = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).ShouldHaveSingleItem();

        await Replay(clinic, before);

        var after = (await service.Client.ForPatient(clinic, "p")).ShouldHaveSingleItem();
        before.GetProperty("version").GetInt64().ShouldBe(1);
        after.GetProperty("version").GetInt64().ShouldBe(1);
        after.EvidenceIds().ShouldBe(before.EvidenceIds());
    }

    [Fact]
    public async Task a_finding_with_new_evidence_still_joins_the_open_alert()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "WithdrawalSymptomsReported",
            new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        var before = (await service.Client.WaitForRule(clinic, "p", "withdrawal-signs")).ShouldHaveSingleItem();

        await Replay(clinic, before, extraEvidence: new FindingEvidence("evt-new", 999_999, DateTimeOffset.UtcNow, "WithdrawalSymptomsReported"));

        var after = (await service.Client.ForPatient(clinic, "p")).ShouldHaveSingleItem();
        after.EvidenceIds().ShouldBe([.. before.EvidenceIds(), "evt-new"]);
        after.GetProperty("version").GetInt64().ShouldBe(2);
    }

    async Task Replay(string clinic, JsonElement alert, FindingEvidence? extraEvidence = null)
    {
        var evidence = alert.GetProperty("evidence").Deserialize<List<FindingEvidence>>(WarningSystem.Shared.JsonSetup.Options)!;
        if (extraEvidence is not null) evidence.Add(extraEvidence);
        var finding = new FindingDetected(alert.GetProperty("patientId").GetString()!, alert.Rule(), 1, Severity.Medium,
            alert.GetProperty("raisedAt").GetDateTimeOffset(), evidence[^1].EventId, "again", "again", evidence, 0);
        using var scope = service.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(clinic, finding);
    }
}
