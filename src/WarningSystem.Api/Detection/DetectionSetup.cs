using Wolverine.Marten;
using WarningSystem.Protocols;

namespace WarningSystem.Detection;

public static class DetectionSetup
{
    /// <summary>
    /// The rules (every one declared in this assembly, and any other registered as a <see cref="Rule"/> service),
    /// their protocol sections, and the detection subscription, which runs in the async daemon on one node at a time.
    /// </summary>
    public static WebApplicationBuilder AddDetection(this WebApplicationBuilder builder)
    {
        foreach (var rule in RuleSet.BuiltIn) builder.Services.AddSingleton(rule);
        builder.Services.AddSingleton(sp => new RuleSet(sp.GetServices<Rule>()));
        builder.Services.AddSingleton<IProtocolSections>(sp => sp.GetRequiredService<RuleSet>());
        builder.Services.SubscribeToEventsWithServices<DetectionSubscription>(ServiceLifetime.Singleton);
        builder.Services.WatchSubscription(DetectionSubscription.Name);
        return builder;
    }
}
