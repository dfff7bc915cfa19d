using System.Text.Json;
using WarningSystem.Detection;
using WarningSystem.Setup;

namespace WarningSystem.Tests.FollowUps;

public class grace_period_setting
{
    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void defaults_to_24_hours()
    {
        Protocol.Default.FollowUps.GraceHours.ShouldBe(24);
    }

    [Fact]
    public void a_clinic_can_change_it_like_any_setting()
    {
        var (merged, errors) = ProtocolSettings.Merge(Protocol.Default, Json("""{"followUps":{"graceHours":1}}"""));

        errors.ShouldBeEmpty();
        merged!.FollowUps.GraceHours.ShouldBe(1);
    }

    [Fact]
    public void must_be_positive()
    {
        var (merged, errors) = ProtocolSettings.Merge(Protocol.Default, Json("""{"followUps":{"graceHours":0}}"""));

        merged.ShouldBeNull();
        errors.Select(e => e.Field).ShouldBe(["settings.followUps.graceHours"]);
    }

    [Fact]
    public void a_protocol_stored_before_the_setting_existed_reads_with_the_default()
    {
        var stored = JsonSerializer.SerializeToNode(Protocol.Default with { RiskModulation = false }, JsonSetup.Options)!.AsObject();
        stored.Remove("followUps");

        var read = stored.Deserialize<Protocol>(JsonSetup.Options)!;

        read.FollowUps.GraceHours.ShouldBe(24);
        read.RiskModulation.ShouldBeFalse();
    }
}
