using WarningSystem.Detection;

namespace WarningSystem.Tests.Detection;

public class rule_catalog
{
    [Fact]
    public void lists_every_rule_once_ordered_by_id()
    {
        RuleSet.Default.All.Select(r => r.Id).ShouldBe([
            "craving-outside-session", "dose-above-authorized", "elevated-misuse-risk", "frequency-above-plan",
            "missed-follow-ups", "off-schedule-requests", "tolerance-escalation", "withdrawal-signs"]);
        RuleSet.Default.All.ShouldAllBe(r => r.Version == 1);
    }

    [Fact]
    public void behavioural_rules_are_all_but_the_composite()
    {
        RuleSet.Default.Behavioural.Count.ShouldBe(RuleSet.Default.All.Count - 1);
        RuleSet.Default.Behavioural.ShouldNotContain(RuleSet.Default.Composite);
    }

    [Fact]
    public void finds_a_rule_by_id_and_refuses_an_unknown_one()
    {
        RuleSet.Default.ById("withdrawal-signs").ShouldBeSameAs(WithdrawalSigns.Rule);
        Should.Throw<KeyNotFoundException>(() => RuleSet.Default.ById("no-such-rule"));
    }

    [Fact]
    public void default_severities_follow_the_protocol()
    {
        RuleSet.Default.All.Where(r => r.DefaultSeverity == Severity.High).Select(r => r.Id)
            .ShouldBe(["dose-above-authorized", "elevated-misuse-risk"]);
    }
}
