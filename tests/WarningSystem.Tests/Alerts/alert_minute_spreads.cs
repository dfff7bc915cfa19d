using WarningSystem.Alerts;
using static WarningSystem.Alerts.MinuteSpreads;

namespace WarningSystem.Tests.Alerts;

public class alert_minute_spreads
{
    /// <summary>Durations in tenths of a minute, counted the way the alert_minutes table counts them.</summary>
    static (List<Bucket> Hours, List<Bucket> Tenths) Counted(string measure, params long[] tenths) => (
        tenths.GroupBy(t => (long)Math.Floor(t / (double)AlertReadModels.HourScale)).Select(g => new Bucket(measure, g.Key, g.Count())).ToList(),
        tenths.GroupBy(t => t).Select(g => new Bucket(measure, g.Key, g.Count())).ToList());

    /// <summary>PostgreSQL's percentile_disc: the smallest value whose cumulative share reaches the fraction.</summary>
    static double NearestRank(long[] tenths, double fraction) =>
        tenths.Order().ElementAt((int)Math.Ceiling(fraction * tenths.Length) - 1) / 10.0;

    [Fact]
    public void give_the_nearest_rank_median_and_90th_percentile_of_the_durations()
    {
        var (hours, tenths) = Counted(Acknowledge, 100, 200, 300, 400);

        Of(Acknowledge, hours, tenths).ShouldBe(new AlertTallies.Spread(4, 20, 40));
    }

    [Fact]
    public void find_the_rank_inside_the_hour_that_holds_it_even_across_many_hours()
    {
        var random = new Random(7);
        var durations = Enumerable.Range(0, 997).Select(_ => (long)random.Next(-50, 200_000)).ToArray();
        var (hours, tenths) = Counted(Resolve, durations);

        var spread = Of(Resolve, hours, tenths);

        spread.Count.ShouldBe(997);
        spread.Median.ShouldBe(NearestRank(durations, 0.5));
        spread.P90.ShouldBe(NearestRank(durations, 0.9));
    }

    [Fact]
    public void count_ties_once_per_alert_and_leave_an_empty_measure_without_figures()
    {
        var (hours, tenths) = Counted(Resolve, 1800, 1800, 1800, 9000);

        Of(Resolve, hours, tenths).ShouldBe(new AlertTallies.Spread(4, 180, 900));
        Of(Acknowledge, hours, tenths).ShouldBe(new AlertTallies.Spread(0, null, null));
    }

    [Fact]
    public void tally_counters_by_status_rule_resolution_and_escalation()
    {
        AlertTallies.Counter[] counters =
        [
            new("withdrawal-signs", "resolved", "false-positive", false, 3, 2, 1),
            new("withdrawal-signs", "resolved", "referred", true, 1, 0, 0),
            new("missed-follow-ups", "open", "", true, 1, 0, 0),
        ];

        var tallies = AlertTallies.From(counters, new(0, null, null), new(0, null, null));

        tallies.Total.ShouldBe(5);
        tallies.ByStatus.ShouldBe(new Dictionary<string, int> { ["resolved"] = 4, ["open"] = 1 }, ignoreOrder: true);
        tallies.Escalated.ShouldBe(2);
        var rule = tallies.Rules.Single(r => r.RuleId == "withdrawal-signs");
        (rule.Raised, rule.Resolved, rule.CardsAccepted, rule.CardsOverridden).ShouldBe((4, 4, 2, 1));
        rule.Resolutions.ShouldBe(new Dictionary<string, int> { ["false-positive"] = 3, ["referred"] = 1 }, ignoreOrder: true);
        tallies.Rules.Single(r => r.RuleId == "missed-follow-ups").Resolutions.ShouldBeEmpty();
    }
}
