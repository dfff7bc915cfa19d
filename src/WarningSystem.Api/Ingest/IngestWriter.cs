using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace WarningSystem.Ingest;

/// <summary>
/// Group commit for ingest. Requests queue their events here; one loop commits whatever has queued while the
/// previous commit ran, in a single transaction, and only then answers each request. Concurrent requests so share
/// the cost of a commit, which a transaction per request cannot.
/// </summary>
public sealed class IngestWriter(IDocumentStore store, ILogger<IngestWriter> logger) : BackgroundService
{
    public const int MaxEventsPerCommit = 1000;
    const int ConflictRetries = 3;

    /// <param name="Caller">The request's span: the commit span links to every request it serves.</param>
    sealed record Submission(IReadOnlyList<PendingEvent> Events, TaskCompletionSource<AppendOutcome[]> Done, ActivityContext? Caller);

    readonly Channel<Submission> queue = Channel.CreateBounded<Submission>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
    });

    /// <summary>Stores the events (or finds them stored already) and returns one outcome per event, in order.</summary>
    public async Task<AppendOutcome[]> AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken token)
    {
        if (events.Count == 0) return [];
        if (EventTrace.Current is { } traceParent) events = events.Select(e => e with { TraceParent = traceParent }).ToList();
        var submission = new Submission(events, new(TaskCreationOptions.RunContinuationsAsynchronously), Activity.Current?.Context);
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
                var events = batch.SelectMany(s => s.Events).ToList();
                AppendOutcome[] outcomes;
                using (var activity = TelemetrySetup.Source.StartActivity("ingest.commit", ActivityKind.Internal, default(ActivityContext),
                           links: batch.Where(s => s.Caller is not null).Select(s => new ActivityLink(s.Caller!.Value))))
                {
                    activity?.SetTag("warningsystem.ingest.submissions", batch.Count);
                    activity?.SetTag("warningsystem.ingest.events", events.Count);
                    outcomes = await TryCommitAsync(events);
                }
                IngestMetrics.Committed(events.Count);
                for (var i = 0; i < events.Count; i++) IngestMetrics.Outcome(events[i], outcomes[i].Status);
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
            catch (Exception e) when (batch.Count > 1 && !DatabaseUnavailableHandler.IsUnavailable(e))
            {
                // Commit each submission alone, so one that cannot be stored does not fail the others.
                logger.LogWarning("Ingest commit of {Count} submissions failed ({Error}); committing them one by one",
                    batch.Count, e.GetType().Name);
                foreach (var submission in batch) await CommitAsync([submission]);
                return;
            }
            catch (Exception e)
            {
                // With the database out of reach no submission is at fault: all fail at once (the endpoints answer
                // 503), instead of one by one, which kept every request waiting on each of the others' attempts.
                if (DatabaseUnavailableHandler.IsUnavailable(e))
                    logger.LogWarning("Ingest commit of {Count} submissions failed: database unavailable", batch.Count);
                else logger.LogError("Ingest commit failed: {Error}", e.GetType().Name);
                foreach (var submission in batch) submission.Done.TrySetException(e);
                return;
            }
        }
    }

    async Task<AppendOutcome[]> TryCommitAsync(List<PendingEvent> events)
    {
        var started = Stopwatch.GetTimestamp();
        await using var session = store.LightweightSession();
        var stored = await StoredAsync(events.Select(e => e.Id).Distinct().ToArray());
        var lookedUp = Stopwatch.GetTimestamp();

        var plan = AppendDecision.Decide(events, stored);
        var appended = new List<(int Index, IEvent Event)>();
        foreach (var stream in plan.Fresh.GroupBy(i => (events[i].ClinicId, events[i].PatientId)))
        {
            var fresh = stream.ToList();
            var action = session.ForTenant(stream.Key.ClinicId).Events
                .Append(stream.Key.PatientId, fresh.Select(i => events[i].Data).ToArray());
            for (var k = 0; k < fresh.Count; k++)
            {
                EventHeaders.Stamp(action.Events[k], events[fresh[k]]);
                appended.Add((fresh[k], action.Events[k]));
            }
        }
        if (appended.Count > 0) await session.SaveChangesAsync();
        IngestMetrics.CommitPhases(Stopwatch.GetElapsedTime(started, lookedUp), Stopwatch.GetElapsedTime(lookedUp));

        return AppendDecision.Complete(plan, events, appended.ToDictionary(
            a => a.Index, a => new AppendOutcome(AppendStatus.Accepted, a.Event.StreamKey!, a.Event.Sequence, a.Event.Version)));
    }

    /// <summary>
    /// The events of this commit stored already (retries), by id. Plain SQL on the unique id index: the LINQ query it
    /// replaces cost a tenth of the service's CPU under ingest load, parsing and planning the same query every commit.
    /// </summary>
    async Task<Dictionary<Guid, StoredEvent>> StoredAsync(Guid[] ids)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select id, stream_id, seq_id, version, headers ->> '{EventHeaders.ContentHash}' from {eventTable} where id = any($1)", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids });
        var stored = new Dictionary<Guid, StoredEvent>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            stored[reader.GetGuid(0)] = new StoredEvent(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4));
        return stored;
    }

    readonly string eventTable = $"{((DocumentStore)store).Options.Events.DatabaseSchemaName}.mt_events";

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
