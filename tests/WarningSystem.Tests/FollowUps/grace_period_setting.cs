using System.Text.Json;
using WarningSystem.Alerts;
using WarningSystem.FollowUps;

namespace WarningSystem.Tests.FollowUps;

public class grace_period_setting
{
    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    static readonly ProtocolCatalog Catalog = new([
        RuleSet.Default, new ProtocolSections(Escalation.Section), new ProtocolSections(FollowUpsSetup.Section)]);

    [Fact]
    public void defaults_to_24_hours()
    {
        Protocol.Default.Get(FollowUpsSetup.Section).GraceHours.ShouldBe(24);
    }

    [Fact]
    public void a_clinic_can_change_it_like_any_setting()
    {
        var (merged, errors) = Catalog.Merge(Protocol.Default, Json("""{"followUps":{"graceHours":1}}"""));

        errors.ShouldBeEmpty();
        merged!.Get(FollowUpsSetup.Section).GraceHours.ShouldBe(1);
    }

    [Fact]
    public void must_be_positive()
    {
        var (merged, errors) = Catalog.Merge(Protocol.Default, Json("""{"followUps":{"graceHours":0}}"""));

        merged.ShouldBeNull();
        errors.Select(e => e.Field).ShouldBe(["settings.followUps.graceHours"]);
    }

    [Fact]
    public void a_protocol_stored_before_the_setting_existed_reads_with_the_default()
    {
        var stored = JsonSerializer.SerializeToNode(
            Catalog.Complete(Protocol.Default.With(RuleSet.RiskModulation, false)), JsonSetup.Options)!.AsObject();
        stored.Remove("followUps");

        var read = stored.Deserialize<Protocol>(JsonSetup.Options)!;

        read.Get(FollowUpsSetup.Section).GraceHours.ShouldBe(24);
        read.Get(RuleSet.RiskModulation).ShouldBeFalse();
    }
}
