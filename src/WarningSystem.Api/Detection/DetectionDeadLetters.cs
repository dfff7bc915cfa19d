using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Util;

namespace WarningSystem.Detection;

/// <summary>
/// A clinic's events that detection could not judge, read from Wolverine's own dead letter storage. The store keeps
/// every tenant's dead letters in one table, so they are told apart by the tenant id on each envelope.
/// </summary>
public static class DetectionDeadLetters
{
    const int PageSize = 500;
    static readonly string MessageType = WolverineMessageNaming.ToMessageTypeName(typeof(DetectEventAgain));

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

    static bool BelongsTo(DeadLetterEnvelope deadLetter, string clinicId) =>
        deadLetter.MessageType == MessageType && deadLetter.Envelope?.TenantId == clinicId;
}

/// <summary>
/// A failed evaluation as operators see it: identifiers, the rule and the reason (a message free of the patient's
/// data, see <see cref="RuleFailedException"/>), when it failed and how often it was re-driven.
/// </summary>
public sealed record DetectionFailure(
    Guid Id, string? PatientId, string? EventId, long? Sequence, string? RuleId,
    string ExceptionType, string ExceptionMessage, DateTimeOffset FailedAt, int ReplayCount)
{
    public static DetectionFailure From(DeadLetterEnvelope d, WolverineOptions options)
    {
        var message = (d.Message ?? d.Envelope?.Message ?? Deserialize(d.Envelope, options)) as DetectEventAgain;
        return new(d.Id, message?.PatientId, message?.EventId, message?.Sequence, message?.RuleId,
            d.ExceptionType, d.ExceptionMessage, d.FailedAt ?? d.SentAt, d.ReplayCount);
    }

    // Listing reads envelopes without their messages; the body is read with the serializer that wrote it.
    static object? Deserialize(Envelope? envelope, WolverineOptions options) =>
        envelope is { Data.Length: > 0 } ? options.DetermineSerializer(envelope).ReadFromData(typeof(DetectEventAgain), envelope) : null;
}

public sealed record DetectionFailureList(IReadOnlyList<DetectionFailure> Items);
