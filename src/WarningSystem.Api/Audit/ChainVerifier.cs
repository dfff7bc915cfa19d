using Npgsql;

namespace WarningSystem.Audit;

/// <summary>The first place a stored event no longer matches its seal: the seal's hash, and the hash of the row now.</summary>
public sealed record ChainBreak(long Sequence, Guid EventId, string Expected, string Found);

public sealed record ChainVerification(bool Verified, long Checked, ChainBreak? FirstBreak);

/// <summary>
/// Recomputes seals from the stored rows, a thousand at a time in log order. For a patient or a clinic each sealed
/// event is checked against its own seal; for the whole store each seal must also follow the one before it, which
/// catches a deleted or inserted event. Events not sealed yet (the subscription is behind) are not counted.
/// </summary>
public sealed class ChainVerifier(IDocumentStore store, EventRows rows)
{
    const int Chunk = 1000;

    public Task<ChainVerification> PatientAsync(string clinic, string patient, CancellationToken token) =>
        VerifyAsync("tenant_id = @clinic and stream_id = @patient", [new("clinic", clinic), new("patient", patient)], false, token);

    public Task<ChainVerification> ClinicAsync(string clinic, CancellationToken token) =>
        VerifyAsync("tenant_id = @clinic", [new("clinic", clinic)], false, token);

    public Task<ChainVerification> EverythingAsync(CancellationToken token) => VerifyAsync("true", [], true, token);

    public async Task<ChainCheckpoint?> LatestCheckpointAsync(CancellationToken token)
    {
        await using var session = store.QuerySession();
        return await session.Query<ChainCheckpoint>().OrderByDescending(c => c.Id).FirstOrDefaultAsync(token);
    }

    async Task<ChainVerification> VerifyAsync(string where, NpgsqlParameter[] parameters, bool linked, CancellationToken token)
    {
        await using var session = store.QuerySession();
        var (checkedCount, previous, chunk) = (0L, (string?)null, new List<EventRow>(Chunk));
        await foreach (var row in rows.ReadAsync(where, parameters, "", token))
        {
            chunk.Add(row);
            if (chunk.Count < Chunk) continue;
            var (broken, count, last) = await CheckAsync(session, chunk, linked ? previous ?? HashChain.Genesis : null, token);
            checkedCount += count;
            if (broken is not null) return new(false, checkedCount, broken);
            (previous, chunk) = (last ?? previous, new List<EventRow>(Chunk));
        }
        var (firstBreak, rest, _) = await CheckAsync(session, chunk, linked ? previous ?? HashChain.Genesis : null, token);
        checkedCount += rest;
        return new(firstBreak is null, checkedCount, firstBreak);
    }

    /// <returns>The first break in the chunk, how many sealed rows were checked, and the last seal's hash.</returns>
    static async Task<(ChainBreak? Break, int Checked, string? Last)> CheckAsync(
        IQuerySession session, List<EventRow> chunk, string? previous, CancellationToken token)
    {
        if (chunk.Count == 0) return (null, 0, previous);
        var seals = (await SealsAsync(session, chunk.Select(r => r.Sequence).ToArray(), token)).ToDictionary(s => s.Sequence);
        var count = 0;
        foreach (var row in chunk)
        {
            // Sealing runs behind ingest: rows after the first unsealed one are not judged yet.
            if (!seals.TryGetValue(row.Sequence, out var seal)) break;
            if (previous is not null && seal.PreviousHash != previous)
                return (new(row.Sequence, row.Id, previous, seal.PreviousHash), count, previous);
            var found = HashChain.Link(seal.PreviousHash, row);
            if (found != seal.Hash) return (new(row.Sequence, row.Id, seal.Hash, found), count, previous);
            count++;
            previous = previous is null ? null : seal.Hash;
        }
        return (null, count, previous);
    }

    /// <summary>The seals of these sequences, from the batches holding them (each the first at or after a sequence).</summary>
    static async Task<IEnumerable<EventSeal>> SealsAsync(IQuerySession session, long[] sequences, CancellationToken token)
    {
        var table = session.DocumentStore.Options.Schema.For<SealBatch>();
        var batches = await session.QueryAsync<SealBatch>(
            $"where id = any(select (select min(b.id) from {table} b where b.id >= s) from unnest(?) s)", token, sequences);
        var wanted = sequences.ToHashSet();
        return batches.SelectMany(b => b.Seals()).Where(s => wanted.Contains(s.Sequence));
    }
}
