using Wolverine;
using Wolverine.Marten;

namespace WarningSystem.FollowUps;

public static class FollowUpsSetup
{
    public const string ChecksQueue = "follow-ups";

    /// <summary>The follow-up subscription runs in the async daemon, on one node at a time.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddFollowUps(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.SubscribeToEvents(new FollowUpSubscription(TimeProvider.System));

    /// <summary>
    /// Checks wait, possibly for days, in a durable local queue: a scheduled check survives restarts. One at a time,
    /// so two checks of the same patient do not race to append to the stream.
    /// </summary>
    public static WolverineOptions RouteFollowUpChecks(this WolverineOptions opts)
    {
        opts.PublishMessage<CheckFollowUp>().ToLocalQueue(ChecksQueue);
        opts.LocalQueue(ChecksQueue).Sequential().UseDurableInbox();
        return opts;
    }
}
