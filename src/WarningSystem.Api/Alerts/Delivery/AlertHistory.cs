using JasperFx.Events;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// The alert as it stood right after each of some of its events. The inline snapshot only holds the latest state,
/// and a notice about an older event (a replay, a lagging subscription, a feed resuming) must describe that event.
/// </summary>
public static class AlertHistory
{
    /// <summary>One read per alert stream, up to the latest event asked for. Results are in event sequence order.</summary>
    public static async Task<IReadOnlyList<(IEvent Event, Alert Alert)>> AsOfAsync(
        IQuerySession session, IEnumerable<IEvent> events, CancellationToken token)
    {
        var states = new List<(IEvent, Alert)>();
        foreach (var stream in events.GroupBy(e => e.StreamKey!))
        {
            var wanted = stream.Select(e => e.Sequence).ToHashSet();
            var history = await session.Events.FetchStreamAsync(stream.Key, stream.Max(e => e.Version), token: token);
            Alert? alert = null;
            foreach (var e in history)
            {
                alert = Evolve(alert, e);
                if (alert is not null && wanted.Contains(e.Sequence)) states.Add((e, alert));
            }
        }
        return states.OrderBy(s => s.Item1.Sequence).ToList();
    }

    /// <summary>The same Create/Apply methods the snapshot projection uses, dispatched by event type.</summary>
    public static Alert? Evolve(Alert? alert, IEvent e) => e switch
    {
        IEvent<AlertRaised> raised => Alert.Create(raised),
        _ when alert is null => null,
        IEvent<AlertEvidenceAdded> x => alert.Apply(x),
        IEvent<AlertSeverityRaised> x => alert.Apply(x),
        IEvent<AlertAcknowledged> x => alert.Apply(x),
        IEvent<AlertSnoozed> x => alert.Apply(x),
        IEvent<AlertSnoozeExpired> x => alert.Apply(x),
        IEvent<AlertEscalated> x => alert.Apply(x),
        IEvent<AlertResolved> x => alert.Apply(x),
        IEvent<AlertEvidenceVoided> x => alert.Apply(x),
        _ => alert,
    };
}
