using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;

namespace WarningSystem.Audit;

/// <summary>
/// Seals every event in log order, off the ingest path: each seal is the hash of the previous seal and the event's
/// stored row, and a checkpoint records where the chain stood after each batch. Seals commit with the subscription's
/// progress, so a restart continues the chain where it stopped; a replay computes the same seals again.
/// </summary>
public sealed class HashChainSubscription : SubscriptionBase
{
    public const string SubscriptionName = "HashChain";

    // The last seal of the previous batch: the daemon hands batches over in order, one at a time.
    (long Sequence, string Hash)? last;

    public HashChainSubscription() => Name = SubscriptionName;

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken token)
    {
        // Every row in the page's range, not only the events handed over: Marten's own rows (tombstones) are sealed
        // too, so a verifier walking the table finds no unsealed row in the middle of the chain.
        var hash = await PreviousHashAsync(operations.DocumentStore, page.SequenceFloor + 1, token);
        var rows = new EventRows(operations.DocumentStore);
        var (lastSequence, count) = (0L, 0);
        await foreach (var row in rows.ReadAsync("seq_id > @floor and seq_id <= @ceiling",
                           [new("floor", page.SequenceFloor), new("ceiling", page.SequenceCeiling)], "", token))
        {
            var next = HashChain.Link(hash, row);
            operations.Store(new EventSeal { Id = row.Sequence, EventId = row.Id, Clinic = row.Clinic, PreviousHash = hash, Hash = next });
            (hash, lastSequence, count) = (next, row.Sequence, count + 1);
        }
        if (count == 0) return NullChangeListener.Instance;
        operations.Store(new ChainCheckpoint { Id = lastSequence, Hash = hash, Sealed = count, At = DateTimeOffset.UtcNow });
        last = (lastSequence, hash);
        return NullChangeListener.Instance;
    }

    async Task<string> PreviousHashAsync(IDocumentStore store, long first, CancellationToken token)
    {
        if (last is { } l && l.Sequence < first) return l.Hash;
        await using var session = store.QuerySession();
        var previous = await session.Query<EventSeal>().Where(s => s.Id < first).OrderByDescending(s => s.Id).FirstOrDefaultAsync(token);
        return previous?.Hash ?? HashChain.Genesis;
    }
}
