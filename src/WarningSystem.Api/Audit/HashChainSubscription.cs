using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;

namespace WarningSystem.Audit;

/// <summary>
/// Seals every event in log order, off the ingest path: each seal is the hash of the previous seal and the event's
/// stored row. A batch's seals are stored as one record, and a checkpoint records where the chain stood after it.
/// Both commit with the subscription's progress, so a restart continues the chain where it stopped; a replay
/// computes the same seals again.
/// </summary>
public sealed class HashChainSubscription : SubscriptionBase
{
    // Named for the storage of its seals: a store sealed one record per event starts this subscription from the first
    // event and gets batch records for the whole log, with no step by hand.
    public const string SubscriptionName = "HashChainBatches";

    // The last seal of the previous batch: the daemon hands batches over in order, one at a time.
    (long Sequence, string Hash)? last;

    public HashChainSubscription() => Name = SubscriptionName;

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken token)
    {
        // Every row in the page's range, not only the events handed over: Marten's own rows (tombstones) are sealed
        // too, so a verifier walking the table finds no unsealed row in the middle of the chain.
        var hash = await PreviousHashAsync(operations.DocumentStore, page.SequenceFloor + 1, token);
        var previous = hash;
        var (sequences, hashes) = (new List<long>(), new List<string>());
        await foreach (var row in new EventRows(operations.DocumentStore).ReadAsync("seq_id > @floor and seq_id <= @ceiling",
                           [new("floor", page.SequenceFloor), new("ceiling", page.SequenceCeiling)], "", token))
        {
            hash = HashChain.Link(hash, row);
            sequences.Add(row.Sequence);
            hashes.Add(hash);
        }
        if (sequences.Count == 0) return NullChangeListener.Instance;
        var lastSequence = sequences[^1];
        operations.Store(new SealBatch { Id = lastSequence, PreviousHash = previous, Sequences = [.. sequences], Hashes = [.. hashes] });
        operations.Store(new ChainCheckpoint { Id = lastSequence, Hash = hash, Sealed = sequences.Count, At = DateTimeOffset.UtcNow });
        last = (lastSequence, hash);
        return NullChangeListener.Instance;
    }

    async Task<string> PreviousHashAsync(IDocumentStore store, long first, CancellationToken token)
    {
        if (last is { } l && l.Sequence < first) return l.Hash;
        await using var session = store.QuerySession();
        // The batch before is the one whose last sequence is the highest below the first to seal.
        var previous = await session.Query<ChainCheckpoint>().Where(c => c.Id < first).OrderByDescending(c => c.Id).FirstOrDefaultAsync(token);
        return previous?.Hash ?? HashChain.Genesis;
    }
}
