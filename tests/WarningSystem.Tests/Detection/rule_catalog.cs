using WarningSystem.Detection;

namespace WarningSystem.Tests.Detection;

public class rule_catalog
{
    [Fact]
    public void lists_every_rule_once_ordered_by_id()
    {
        RuleCatalog.All.Select(r => r.Id).ShouldBe([
            "craving-outside-session", "dose-above-authorized", "elevated-misuse-risk", "frequency-above-plan",
            "missed-follow-ups", "off-schedule-requests", "tolerance-escalation", "withdrawal-signs"]);
        RuleCatalog.All.ShouldAllBe(r => r.Version == 1);
    }

    [Fact]
    public void behavioural_rules_are_all_but_the_composite()
    {
        RuleCatalog.Behavioural.Count.ShouldBe(RuleCatalog.All.Count - 1);
        RuleCatalog.Behavioural.ShouldNotContain(ElevatedMisuseRisk.Rule);
    }

    [Fact]
    public void finds_a_rule_by_id_and_refuses_an_unknown_one()
    {
        RuleCatalog.ById("withdrawal-signs").ShouldBeSameAs(WithdrawalSigns.Rule);
        Should.Throw<KeyNotFoundException>(() => RuleCatalog.ById("no-such-rule"));
    }

    [Fact]
    public void default_severities_follow_the_protocol()
    {
        RuleCatalog.All.Where(r => r.DefaultSeverity == Severity.High).Select(r => r.Id)
            .ShouldBe(["dose-above-authorized", "elevated-misuse-risk"]);
    }
}
