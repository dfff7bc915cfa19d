using WarningSystem.FollowUps;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.FollowUps;

public class scheduling_a_check
{
    static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void is_due_when_the_grace_period_after_the_scheduled_time_ends()
    {
        CheckFollowUp.For("p", new FollowUpScheduled("a-1", At), 24)
            .ShouldBe(new CheckFollowUp("p", "a-1", At, At.AddHours(24)));
    }

    [Fact]
    public void is_never_due_when_the_grace_period_would_end_past_the_calendar()
    {
        var lastDay = new DateTimeOffset(9999, 12, 31, 12, 0, 0, TimeSpan.Zero);

        CheckFollowUp.For("p", new FollowUpScheduled("a-1", lastDay), 24).ShouldBeNull();
        CheckFollowUp.For("p", new FollowUpScheduled("a-1", At), int.MaxValue).ShouldBeNull();
    }
}
