using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

public class off_schedule_requests
{
    static readonly Rule Rule = OffScheduleRequests.Rule;

    [Fact]
    public void does_not_fire_on_a_single_request()
    {
        new TimelineBuilder().Add(0, Make.Request()).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void fires_on_a_second_request_within_fourteen_days()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Request(), "r1")
            .Add(TimelineBuilder.Day(14).AddMinutes(-1), Make.Request(OffScheduleKind.EarlierSession), "r2")
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.Medium);
        finding.EvidenceIds().ShouldBe(["r1", "r2"]);
        finding.Summary.ShouldBe("2 off-schedule requests in 14 days");
    }

    [Fact]
    public void does_not_fire_on_requests_exactly_fourteen_days_apart()
    {
        new TimelineBuilder().Add(0, Make.Request()).Add(14, Make.Request()).Evaluate(Rule).ShouldBeNull();
    }

    [Fact]
    public void is_high_on_the_third_request()
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Request()).Add(5, Make.Request()).Add(10, Make.Request())
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.High);
        finding.Explanation.ShouldContain("High because of at least 3 requests");
    }

    [Theory]
    [InlineData(OffScheduleKind.DoseIncrease, "dose-increase")]
    [InlineData(OffScheduleKind.TakeHome, "take-home")]
    public void is_high_when_a_request_asks_for_more_drug(OffScheduleKind kind, string name)
    {
        var finding = new TimelineBuilder()
            .Add(0, Make.Request(kind)).Add(5, Make.Request())
            .Evaluate(Rule).ShouldNotBeNull();

        finding.Severity.ShouldBe(Severity.High);
        finding.Explanation.ShouldContain($"a {name} request");
    }

    [Fact]
    public void a_request_for_more_drug_outside_the_window_does_not_raise_it()
    {
        new TimelineBuilder()
            .Add(0, Make.Request(OffScheduleKind.TakeHome)).Add(20, Make.Request()).Add(25, Make.Request())
            .Evaluate(Rule).ShouldNotBeNull().Severity.ShouldBe(Severity.Medium);
    }

    [Fact]
    public void fires_only_at_a_request()
    {
        new TimelineBuilder().Add(0, Make.Request()).Add(1, Make.Request()).Add(2, Make.Craving(2))
            .Evaluate(Rule).ShouldBeNull();
    }
}
