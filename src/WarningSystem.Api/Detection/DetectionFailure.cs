using Wolverine;
using Wolverine.Persistence.Durability;

namespace WarningSystem.Detection;

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
        var message = ClinicDeadLetters<DetectEventAgain>.MessageOf(d, options);
        return new(d.Id, message?.PatientId, message?.EventId, message?.Sequence, message?.RuleId,
            d.ExceptionType, d.ExceptionMessage, d.FailedAt ?? d.SentAt, d.ReplayCount);
    }
}

public sealed record DetectionFailureList(IReadOnlyList<DetectionFailure> Items);
