using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace WarningSystem.Ingest;

public enum AppendStatus { Accepted, Duplicate, Conflict }

/// <summary>The result for one event: where it is stored, or why it was not stored again.</summary>
public sealed record AppendOutcome(AppendStatus Status, string PatientId, long Sequence, long Version);

/// <summary>
/// Group commit for ingest. Requests queue their events here; one loop commits whatever has queued while the
/// previous commit ran, in a single transaction, and only then answers each request. Concurrent requests so share
/// the cost of a commit, which a transaction per request cannot.
/// </summary>
public sealed class IngestWriter(IDocumentStore store, ILogger<IngestWriter> logger) : BackgroundService
{
    public const int MaxEventsPerCommit = 1000;
    const int ConflictRetries = 3;

    sealed record Submission(IReadOnlyList<PendingEvent> Events, TaskCompletionSource<AppendOutcome[]> Done);

    readonly Channel<Submission> queue = Channel.CreateBounded<Submission>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
    });

    /// <summary>Stores the events (or finds them stored already) and returns one outcome per event, in order.</summary>
    public async Task<AppendOutcome[]> AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken token)
    {
        if (events.Count == 0) return [];
        var submission = new Submission(events, new(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(submission, token);
        // Not cancellable once queued: the commit may land anyway, and a retry then finds it as a duplicate.
        return await submission.Done.Task;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Submission>();
        // Runs until the queue is completed and drained, so requests accepted before shutdown are still answered.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            var count = 0;
            while (count < MaxEventsPerCommit && queue.Reader.TryRead(out var submission))
            {
                batch.Add(submission);
                count += submission.Events.Count;
            }
            await CommitAsync(batch);
        }
    }

    async Task CommitAsync(IReadOnlyList<Submission> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcomes = await TryCommitAsync(batch.SelectMany(s => s.Events).ToList());
                var offset = 0;
                foreach (var submission in batch)
                {
                    submission.Done.TrySetResult(outcomes[offset..(offset + submission.Events.Count)]);
                    offset += submission.Events.Count;
                }
                return;
            }
            catch (Exception e) when (IsConflict(e) && attempt < ConflictRetries)
            {
                // Another node stored one of these events or appended to one of these streams meanwhile:
                // read again and retry, which turns a raced retry into a duplicate.
                logger.LogInformation("Ingest commit of {Count} submissions raced another writer; retrying", batch.Count);
            }
            catch (Exception e) when (batch.Count > 1)
            {
                // Commit each submission alone, so one that cannot be stored does not fail the others.
                logger.LogWarning("Ingest commit of {Count} submissions failed ({Error}); committing them one by one",
                    batch.Count, e.GetType().Name);
                foreach (var submission in batch) await CommitAsync([submission]);
                return;
            }
            catch (Exception e)
            {
                logger.LogError("Ingest commit failed: {Error}", e.GetType().Name);
                foreach (var submission in batch) submission.Done.TrySetException(e);
                return;
            }
        }
    }

    async Task<AppendOutcome[]> TryCommitAsync(List<PendingEvent> events)
    {
        await using var session = store.LightweightSession();
        var ids = events.Select(e => e.Id).Distinct().ToArray();
        var stored = (await session.Events.QueryAllRawEvents()
                .Where(e => e.AnyTenant() && e.Id.IsOneOf(ids)).ToListAsync())
            .ToDictionary(e => e.Id);

        var outcomes = new AppendOutcome?[events.Count];
        var firstInCommit = new Dictionary<Guid, int>();
        var appended = new List<(int Index, IEvent Event)>();
        foreach (var stream in events.Select((e, i) => (Event: e, Index: i)).GroupBy(x => (x.Event.ClinicId, x.Event.PatientId)))
        {
            var fresh = new List<(int Index, PendingEvent Event)>();
            foreach (var (pending, index) in stream)
            {
                if (stored.TryGetValue(pending.Id, out var existing)) outcomes[index] = Repeat(existing, pending);
                else if (!firstInCommit.TryAdd(pending.Id, index)) continue; // resolved after commit
                else fresh.Add((index, pending));
            }
            if (fresh.Count == 0) continue;
            var action = session.ForTenant(stream.Key.ClinicId).Events
                .Append(stream.Key.PatientId, fresh.Select(f => f.Event.Data).ToArray());
            for (var i = 0; i < fresh.Count; i++)
            {
                EventHeaders.Stamp(action.Events[i], fresh[i].Event);
                appended.Add((fresh[i].Index, action.Events[i]));
            }
        }

        if (appended.Count > 0) await session.SaveChangesAsync();

        foreach (var (index, e) in appended)
            outcomes[index] = new(AppendStatus.Accepted, e.StreamKey!, e.Sequence, e.Version);
        for (var i = 0; i < events.Count; i++)
        {
            if (outcomes[i] is not null) continue;
            var first = outcomes[firstInCommit[events[i].Id]]!;
            outcomes[i] = events[firstInCommit[events[i].Id]].ContentHash == events[i].ContentHash
                ? first with { Status = AppendStatus.Duplicate }
                : first with { Status = AppendStatus.Conflict };
        }
        return outcomes!;
    }

    static AppendOutcome Repeat(IEvent existing, PendingEvent pending) => new(
        existing.Text(EventHeaders.ContentHash) == pending.ContentHash ? AppendStatus.Duplicate : AppendStatus.Conflict,
        existing.StreamKey!, existing.Sequence, existing.Version);

    static bool IsConflict(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
            if (inner is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException) return true;
        }
        return false;
    }
}
