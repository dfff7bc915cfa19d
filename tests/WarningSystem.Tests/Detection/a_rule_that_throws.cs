using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

/// <summary>
/// A rule that throws is named in the failure, and the failure carries nothing of the patient's data: it is stored
/// with the dead letter and shown to operators.
/// </summary>
public class a_rule_that_throws
{
    sealed record Settings(bool Enabled = true);

    static readonly Rule Throwing = new Rule<Settings>("throws-on-cravings", 1, Severity.Medium, 0, "throws", new Settings(),
        _ => 0, (history, _) => history.Latest.Data is CravingReported c
            ? throw new InvalidOperationException($"craving of intensity {c.Intensity} could not be judged")
            : null);

    [Fact]
    public void fails_detection_with_the_rule_named_and_no_data_in_the_message()
    {
        var rules = new RuleSet(RuleSet.BuiltIn.Append(Throwing));
        var known = new TimelineBuilder().Add(1, Make.Craving(9, during: false), "craving");

        var failure = Should.Throw<RuleFailedException>(() => Detector.Detect(rules, known.Build(), "craving", Protocol.Default));

        failure.RuleId.ShouldBe("throws-on-cravings");
        failure.InnerType.ShouldBe(nameof(InvalidOperationException));
        failure.Message.ShouldContain("throws-on-cravings");
        failure.Message.ShouldNotContain("intensity");
        failure.InnerException.ShouldBeNull();
    }

    [Fact]
    public void leaves_events_it_does_not_throw_on_to_the_other_rules()
    {
        var rules = new RuleSet(RuleSet.BuiltIn.Append(Throwing));
        var known = new TimelineBuilder().Add(0, Make.Request(), "first").Add(2, Make.Request(), "second");

        Detector.Detect(rules, known.Build(), "second", Protocol.Default).ShouldHaveSingleItem().RuleId.ShouldBe(OffScheduleRequests.Id);
    }
}
