using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WarningSystem.Ingest;

namespace WarningSystem.Audit;

/// <summary>
/// The seal of one stored event: the hash of the previous seal and the event's canonical form. Changing a stored
/// event, or dropping or inserting one, breaks the chain from there on. Keyed by the event's sequence; it belongs
/// to no clinic, because the chain runs through the whole log.
/// </summary>
public sealed record EventSeal
{
    public long Id { get; init; }
    public Guid EventId { get; init; }
    public string Clinic { get; init; } = "";
    public string PreviousHash { get; init; } = "";
    public string Hash { get; init; } = "";
}

/// <summary>Where the chain stood after a batch was sealed: a record an operator can copy out of the system.</summary>
public sealed record ChainCheckpoint
{
    public long Id { get; init; }
    public string Hash { get; init; } = "";
    public long Sealed { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>The hash of a chain link. Pure: the stored row is all it reads, so a verifier recomputes it exactly.</summary>
public static class HashChain
{
    /// <summary>The hash before the first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Link(string previousHash, EventRow row) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + Canonical(row))));

    /// <summary>
    /// Sequence, event id, clinic, patient (stream), type, event time, record time and data, one per line. Data is
    /// the database's own jsonb text, which is normalised, so the same stored value always reads the same.
    /// </summary>
    public static string Canonical(EventRow row)
    {
        string? occurredAt = null;
        if (row.Headers is not null)
        {
            using var headers = JsonDocument.Parse(row.Headers);
            // Rows without headers may hold a JSON null rather than no value at all.
            if (headers.RootElement.ValueKind == JsonValueKind.Object
                && headers.RootElement.TryGetProperty(EventHeaders.OccurredAt, out var v)) occurredAt = v.ToString();
        }
        return string.Join('\n', row.Sequence, row.Id.ToString("N"), row.Clinic, row.StreamKey, row.TypeAlias, occurredAt ?? "",
            row.RecordedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"), row.Data);
    }
}
