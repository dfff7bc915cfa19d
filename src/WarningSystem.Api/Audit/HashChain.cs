using System.Security.Cryptography;
using System.Text;

namespace WarningSystem.Audit;

/// <summary>
/// The seals of one batch of consecutive stored rows, in log order: each seal is the hash of the seal before it and
/// the row's canonical form, the first one's previous being <see cref="PreviousHash"/>. One record per batch rather
/// than per event, because writing a record per event cost ingest a fifth of its rate. Keyed by the batch's last
/// sequence, so the batch holding a sequence is the first whose key is at or after it. It belongs to no clinic,
/// because the chain runs through the whole log.
/// </summary>
public sealed record SealBatch
{
    public long Id { get; init; }
    public string PreviousHash { get; init; } = "";
    public long[] Sequences { get; init; } = [];
    public string[] Hashes { get; init; } = [];

    /// <summary>The seal of each sequence in the batch, with the hash it links to.</summary>
    public IEnumerable<EventSeal> Seals() =>
        Sequences.Select((sequence, i) => new EventSeal(sequence, i == 0 ? PreviousHash : Hashes[i - 1], Hashes[i]));
}

/// <summary>The seal of one stored event: the hash it links to and its own.</summary>
public sealed record EventSeal(long Sequence, string PreviousHash, string Hash);

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
    public static string Canonical(EventRow row) =>
        string.Join('\n', row.Sequence, row.Id.ToString("N"), row.Clinic, row.StreamKey, row.TypeAlias, row.OccurredAt ?? "",
            row.RecordedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"), row.Data);
}
