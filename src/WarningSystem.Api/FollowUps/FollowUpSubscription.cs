using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine;
using Wolverine.Marten.Subscriptions;
using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.FollowUps;

/// <summary>
/// Schedules a <see cref="CheckFollowUp"/> for each follow-up the EHR schedules, due when the grace period of the
/// protocol in force at the time ends. The message goes through Wolverine's outbox in the same transaction as the
/// subscription's progress, so a crash neither loses a check nor schedules it twice; a replay schedules checks that
/// find their answer already recorded.
/// </summary>
public sealed class FollowUpSubscription : BatchSubscription
{
    public const string Name = "FollowUps";

    readonly TimeProvider clock;

    public FollowUpSubscription(TimeProvider clock) : base(Name)
    {
        this.clock = clock;
        IncludeType<FollowUpScheduled>();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken token)
    {
        foreach (var clinic in page.Events.Where(e => e.Data is FollowUpScheduled).GroupBy(e => e.TenantId))
        {
            await using var session = operations.DocumentStore.QuerySession(clinic.Key);
            var protocols = await ClinicProtocols.HistoryAsync(session, token);
            foreach (var e in clinic.OrderBy(e => e.Sequence))
            {
                var grace = ClinicProtocols.InForceAt(protocols, e.Sequence).Settings.Get(FollowUpsSetup.Section).GraceHours;
                if (CheckFollowUp.For(e.StreamKey!, (FollowUpScheduled)e.Data, grace) is not { } check) continue;
                using var activity = EventTrace.StartFrom(e, "followups.schedule");
                // Wolverine holds even an overdue scheduled message until its next poll for due ones: send those now.
                var options = new DeliveryOptions { TenantId = clinic.Key };
                if (check.DueAt > clock.GetUtcNow()) options.ScheduledTime = check.DueAt;
                await bus.PublishAsync(check, options);
            }
        }
    }
}
