using Wolverine;
using Wolverine.Marten;
using WarningSystem.Protocols;

namespace WarningSystem.FollowUps;

public static class FollowUpsSetup
{
    public const string ChecksQueue = "follow-ups";

    /// <summary>How long after a scheduled follow-up the service waits for attendance before recording a miss.</summary>
    public static readonly ProtocolSection<FollowUpSettings> Section = new("followUps", new FollowUpSettings());

    /// <summary>
    /// The follow-up subscription runs in the async daemon, on one node at a time. Checks wait, possibly for days, in
    /// a durable local queue, so a scheduled check survives restarts; one at a time, so two checks of the same patient
    /// do not race to append to the stream.
    /// </summary>
    public static WebApplicationBuilder AddFollowUps(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IProtocolSections>(new ProtocolSections(Section));
        builder.Services.SubscribeToEventsWithServices<FollowUpSubscription>(ServiceLifetime.Singleton);
        builder.Services.WatchSubscription(FollowUpSubscription.Name);
        builder.Services.ConfigureWolverine(opts =>
        {
            opts.PublishMessage<CheckFollowUp>().ToLocalQueue(ChecksQueue);
            opts.LocalQueue(ChecksQueue).Sequential().UseDurableInbox();
        });
        return builder;
    }
}

/// <summary>A follow-up with no attendance by <paramref name="GraceHours"/> after its scheduled time is recorded as missed.</summary>
public sealed record FollowUpSettings(int GraceHours = 24);
