using JasperFx.Events.Projections;
using Marten.Events;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// A clinic's alert events after a position in the event log, as notices. Reads only up to the async daemon's high
/// water mark: a sequence number can commit after a higher one, and reading past the mark could skip it for good.
/// </summary>
public static class AlertFeed
{
    static readonly ShardName HighWaterMark = new("HighWaterMark");

    public static Task<long> HighWaterMarkAsync(IDocumentStore store, CancellationToken token) =>
        store.Advanced.ProjectionProgressFor(HighWaterMark, token: token);

    /// <returns>Up to <paramref name="limit"/> notices with their sequence, and the position to read after next.</returns>
    public static async Task<(IReadOnlyList<(long Sequence, AlertNotice Notice)> Notices, long Position)> AfterAsync(
        IDocumentStore store, string clinicId, long after, int limit, CancellationToken token)
    {
        var upTo = await HighWaterMarkAsync(store, token);
        if (upTo <= after) return ([], after);

        await using var session = store.QuerySession(clinicId);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.TenantId == clinicId && e.Sequence > after && e.Sequence <= upTo && e.EventTypesAre(AlertsSetup.EventTypes))
            .OrderBy(e => e.Sequence).Take(limit).ToListAsync(token);
        var notices = (await AlertHistory.AsOfAsync(session, events, token))
            // The feed has no receiver to dedupe for: the event id itself is the key.
            .Select(s => (s.Event.Sequence, AlertNotice.For(s.Event, s.Alert, s.Event.Id.ToString("N")))).ToList();
        return (notices, events.Count < limit ? upTo : events[^1].Sequence);
    }
}
