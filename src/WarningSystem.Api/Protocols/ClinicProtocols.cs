using JasperFx.Events;

namespace WarningSystem.Protocols;

/// <summary>A protocol version: version 0 is the defaults every clinic starts with.</summary>
public sealed record ProtocolVersion(long Version, long Sequence, Protocol Settings, string? ChangedBy, DateTimeOffset? ChangedAt)
{
    public static readonly ProtocolVersion Defaults = new(0, 0, Protocol.Default, null, null);
}

/// <summary>
/// Each clinic's protocol is a stream of <see cref="ProtocolChanged"/> events in the clinic's tenant. Because the
/// changes sit in the same event log as patient events, detection can use the protocol in force when each
/// patient event was recorded, and a replay reaches the same result.
/// </summary>
public static class ClinicProtocols
{
    /// <summary>Cannot collide with a patient id: those must start with a letter or digit.</summary>
    public const string StreamKey = "$protocol";

    public static async Task<IReadOnlyList<ProtocolVersion>> HistoryAsync(IQuerySession session, CancellationToken token) =>
        HistoryOf(await session.Events.FetchStreamAsync(StreamKey, token: token));

    /// <summary>The versions in the clinic's protocol stream, oldest first.</summary>
    public static IReadOnlyList<ProtocolVersion> HistoryOf(IReadOnlyList<IEvent> events) =>
        events.Where(e => e.Data is ProtocolChanged)
            .Select(e => new ProtocolVersion(e.Version, e.Sequence, ((ProtocolChanged)e.Data).Settings,
                ((ProtocolChanged)e.Data).ChangedBy, e.Timestamp))
            .ToList();

    public static async Task<ProtocolVersion> CurrentAsync(IQuerySession session, CancellationToken token) =>
        Current(await HistoryAsync(session, token));

    public static ProtocolVersion Current(IReadOnlyList<ProtocolVersion> history) =>
        history.Count > 0 ? history[^1] : ProtocolVersion.Defaults;

    /// <summary>The protocol in force when the event with this sequence was recorded.</summary>
    public static ProtocolVersion InForceAt(IReadOnlyList<ProtocolVersion> history, long sequence) =>
        history.LastOrDefault(p => p.Sequence < sequence) ?? ProtocolVersion.Defaults;
}
