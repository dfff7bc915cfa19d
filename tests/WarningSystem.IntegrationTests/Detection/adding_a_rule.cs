using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WarningSystem.Detection;
using WarningSystem.Protocols;

namespace WarningSystem.IntegrationTests.Detection;

/// <summary>The host with one more rule, registered as a service: the only thing a new rule needs besides its file.</summary>
public sealed class ExtraRuleFixture : ServiceFixture
{
    protected override void AddServices(IServiceCollection services) => services.AddSingleton<Rule>(LateNightCravings.Rule);
}

[CollectionDefinition(Name)]
public sealed class ExtraRuleCollection : ICollectionFixture<ExtraRuleFixture>
{
    public const string Name = "extra rule";
}

[Collection(ExtraRuleCollection.Name)]
public class adding_a_rule(ExtraRuleFixture service)
{
    static readonly DateTimeOffset Night = new(2026, 9, 3, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task it_appears_in_the_rule_list_with_its_version_defaults_and_weight()
    {
        var rules = await (await service.Client.GetAsync("/api/rules")).Body();

        var rule = rules.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == LateNightCravings.Id);
        rule.GetProperty("version").GetInt32().ShouldBe(2);
        rule.GetProperty("weight").GetInt32().ShouldBe(4);
        rule.GetProperty("defaults").GetProperty("minIntensity").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task its_settings_and_its_weight_are_part_of_the_protocol_and_can_be_changed()
    {
        var clinic = Api.NewClinic();
        var protocol = (await (await service.Client.GetAsync($"/api/clinics/{clinic}/protocol")).Body()).GetProperty("settings");
        protocol.GetProperty("lateNightCravings").GetProperty("lastHour").GetInt32().ShouldBe(5);
        protocol.GetProperty("elevatedMisuseRisk").GetProperty("lateNightCravingsWeight").GetInt32().ShouldBe(4);

        var change = await service.Client.PutAsync($"/api/clinics/{clinic}/protocol", Api.Json(
            """{"changedBy":"admin","settings":{"lateNightCravings":{"minIntensity":6},"elevatedMisuseRisk":{"lateNightCravingsWeight":1}}}"""));
        var bad = await service.Client.PutAsync($"/api/clinics/{clinic}/protocol", Api.Json(
            """{"changedBy":"admin","settings":{"lateNightCravings":{"minIntensity":0}}}"""));

        change.StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = (await change.Body()).GetProperty("settings");
        changed.GetProperty("lateNightCravings").GetProperty("minIntensity").GetInt32().ShouldBe(6);
        changed.GetProperty("elevatedMisuseRisk").GetProperty("lateNightCravingsWeight").GetInt32().ShouldBe(1);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Body()).GetProperty("errors").TryGetProperty("settings.lateNightCravings.minIntensity", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task it_raises_alerts_and_counts_in_the_composite()
    {
        var clinic = Api.NewClinic();
        await service.Client.PostEvent(clinic, Api.Event("p", "RiskScreeningRecorded", new
        {
            instrument = "DAST-10", score = 4, substanceUseHistory = true, familyHistory = false, recreationalUse = false,
        }, Night.AddDays(-2)));
        // Intensity 5 alone fires no built-in rule; with the risk factor (2) the new rule's weight (4) reaches 6.
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 5, duringSession = false }, Night));

        var alerts = await service.Client.WaitForAlerts(clinic, "p",
            found => found.Any(a => a.Rule() == LateNightCravings.Id) && found.Any(a => a.Rule() == ElevatedMisuseRisk.Id));

        alerts.Select(a => a.Rule()).ShouldBe([LateNightCravings.Id, ElevatedMisuseRisk.Id], ignoreOrder: true);
    }

    [Fact]
    public void its_window_sets_how_far_a_late_event_is_looked_at()
    {
        RuleSet.Default.MaxWindowDays(Protocol.Default).ShouldBe(30);
        new RuleSet([.. RuleSet.BuiltIn, LateNightCravings.Rule]).MaxWindowDays(Protocol.Default).ShouldBe(45);
    }
}
