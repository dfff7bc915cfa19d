using Marten;
using Wolverine;
using Wolverine.Marten;
using WarningSystem.Protocols;

namespace WarningSystem.Detection;

public static class DetectionSetup
{
    public const string FailuresQueue = "detection-failures";

    /// <summary>
    /// The rules (every one declared in this assembly, and any other registered as a <see cref="Rule"/> service),
    /// their protocol sections, and the detection subscription, which runs in the async daemon on one node at a time.
    /// Events a rule could not judge wait on a durable queue of their own, and then in Wolverine's dead letters.
    /// </summary>
    public static WebApplicationBuilder AddDetection(this WebApplicationBuilder builder)
    {
        foreach (var rule in RuleSet.BuiltIn) builder.Services.AddSingleton(rule);
        if (FaultInjection.ThrowingRule(builder.Configuration) is { } faulty) builder.Services.AddSingleton(faulty);
        builder.Services.AddSingleton(sp => new RuleSet(sp.GetServices<Rule>()));
        builder.Services.AddSingleton<IProtocolSections>(sp => sp.GetRequiredService<RuleSet>());
        var timelineRoom = builder.Configuration.GetValue("Detection:TimelineCacheEntries", KnownTimelines.DefaultEntries);
        builder.Services.AddSingleton(new KnownTimelines(timelineRoom));
        builder.Services.SubscribeToEventsWithServices<DetectionSubscription>(ServiceLifetime.Singleton);
        builder.Services.WatchSubscription(DetectionSubscription.Name);
        builder.Services.ConfigureWolverine(opts =>
        {
            opts.PublishMessage<DetectEventAgain>().ToLocalQueue(FailuresQueue);
            opts.LocalQueue(FailuresQueue).UseDurableInbox();
        });
        return builder;
    }
}
