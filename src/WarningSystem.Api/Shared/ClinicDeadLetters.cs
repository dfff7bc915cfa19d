using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Util;

namespace WarningSystem.Shared;

/// <summary>
/// A clinic's dead letters of one message type, read from Wolverine's own dead letter storage. The store keeps
/// every tenant's dead letters in one table, so they are told apart by the tenant id on each envelope.
/// </summary>
public static class ClinicDeadLetters<TMessage> where TMessage : class
{
    const int PageSize = 500;
    static readonly string MessageType = WolverineMessageNaming.ToMessageTypeName(typeof(TMessage));

    public static async Task<IReadOnlyList<DeadLetterEnvelope>> ForClinicAsync(IDeadLetters deadLetters, string clinicId, CancellationToken token)
    {
        var found = new List<DeadLetterEnvelope>();
        for (var page = 1; ; page++)
        {
            var results = await deadLetters.QueryAsync(
                new DeadLetterEnvelopeQuery { MessageType = MessageType, PageNumber = page, PageSize = PageSize }, token);
            found.AddRange(results.Envelopes.Where(d => BelongsTo(d, clinicId)));
            if (results.Envelopes.Count < PageSize) return found;
        }
    }

    public static async Task<DeadLetterEnvelope?> FindAsync(IDeadLetters deadLetters, string clinicId, Guid id) =>
        await deadLetters.DeadLetterEnvelopeByIdAsync(id, clinicId) is { } found && BelongsTo(found, clinicId) ? found : null;

    /// <summary>
    /// Sends the clinic's dead letter with this id back to its queue (Wolverine moves it on its next durability
    /// pass); null when the clinic has no such dead letter, or the id is not one.
    /// </summary>
    public static async Task<Guid?> ReplayAsync(IDeadLetters deadLetters, string clinicId, string rawId, CancellationToken token)
    {
        if (!Guid.TryParse(rawId, out var id) || await FindAsync(deadLetters, clinicId, id) is null) return null;
        await deadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([id]), token);
        return id;
    }

    /// <summary>
    /// The dead-lettered message. Listing reads envelopes without their messages; the body is then read with the
    /// serializer that wrote it.
    /// </summary>
    public static TMessage? MessageOf(DeadLetterEnvelope d, WolverineOptions options) =>
        (d.Message ?? d.Envelope?.Message ?? Deserialize(d.Envelope, options)) as TMessage;

    static object? Deserialize(Envelope? envelope, WolverineOptions options) =>
        envelope is { Data.Length: > 0 } ? options.DetermineSerializer(envelope).ReadFromData(typeof(TMessage), envelope) : null;

    static bool BelongsTo(DeadLetterEnvelope deadLetter, string clinicId) =>
        deadLetter.MessageType == MessageType && deadLetter.Envelope?.TenantId == clinicId;
}
