using Marten;
using Wolverine.Marten;
using WarningSystem.Alerts;

namespace WarningSystem.Detection;

public static class DetectionSetup
{
    public static StoreOptions ConfigureDetection(this StoreOptions opts)
    {
        opts.Events.AddEventType<ProtocolChanged>();
        return opts;
    }

    /// <summary>The detection subscription runs in the async daemon, on one node at a time.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddDetection(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.SubscribeToEvents(new DetectionSubscription());
}
