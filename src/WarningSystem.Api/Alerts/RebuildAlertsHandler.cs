namespace WarningSystem.Alerts;

/// <summary>
/// Rebuilds a clinic's alerts one stream at a time, folding each stream with the same projection as the inline write
/// model. Only documents are written: no event is appended, so nothing is detected, raised or delivered. Unlike other handlers this one commits as it goes, so progress is visible while
/// it runs and thousands of alerts are never one transaction; running it twice gives the same documents.
/// </summary>
public static class RebuildAlertsHandler
{
    const int ProgressEvery = 100;

    public static async Task Handle(RebuildAlerts command, IDocumentStore store, TimeProvider clock,
        ILogger<AlertRebuild> log, CancellationToken token)
    {
        var rebuild = await LoadAsync(store, command, token);
        if (rebuild is null || rebuild.Status != RebuildStatus.Running) return;
        try
        {
            var streams = await AlertStreamsAsync(store, command.ClinicId, token);
            rebuild = await SaveAsync(store, command.ClinicId, rebuild with { Streams = streams.Count, Rebuilt = 0 }, token);
            for (var i = 0; i < streams.Count; i++)
            {
                await RebuildAsync(store, command.ClinicId, streams[i], token);
                if ((i + 1) % ProgressEvery == 0) rebuild = await SaveAsync(store, command.ClinicId, rebuild with { Rebuilt = i + 1 }, token);
            }
            await SaveAsync(store, command.ClinicId,
                rebuild with { Rebuilt = streams.Count, Status = RebuildStatus.Completed, FinishedAt = clock.GetUtcNow() }, token);
            log.LogInformation("Rebuilt {Streams} alert streams of clinic {ClinicId}", streams.Count, command.ClinicId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Rebuild {RebuildId} of clinic {ClinicId} failed", command.RebuildId, command.ClinicId);
            await SaveAsync(store, command.ClinicId,
                rebuild with { Status = RebuildStatus.Failed, Error = e.GetType().Name, FinishedAt = clock.GetUtcNow() }, token);
        }
    }

    /// <summary>
    /// Marten's <c>RebuildSingleStreamAsync</c> would do, but without a lock: an alert acted on between its read and its
    /// write would lose that act. Locking the stream for the transaction makes such a command wait instead.
    /// </summary>
    static async Task RebuildAsync(IDocumentStore store, string clinicId, string alertId, CancellationToken token)
    {
        await using var session = store.LightweightSession(clinicId);
        await session.Events.FetchForExclusiveWriting<Alert>(alertId, token);
        if (await session.Events.AggregateStreamAsync<Alert>(alertId, token: token) is { } alert) session.Store(alert);
        await session.SaveChangesAsync(token);
    }

    /// <summary>Every alert stream of the clinic: each one starts with the alert being raised.</summary>
    static async Task<IReadOnlyList<string>> AlertStreamsAsync(IDocumentStore store, string clinicId, CancellationToken token)
    {
        await using var session = store.QuerySession(clinicId);
        var raised = await session.Events.QueryRawEventDataOnly<AlertRaised>().Select(e => e.AlertId).ToListAsync(token);
        return raised.Distinct().ToList();
    }

    static async Task<AlertRebuild?> LoadAsync(IDocumentStore store, RebuildAlerts command, CancellationToken token)
    {
        await using var session = store.QuerySession(command.ClinicId);
        return await session.LoadAsync<AlertRebuild>(command.RebuildId, token);
    }

    static async Task<AlertRebuild> SaveAsync(IDocumentStore store, string clinicId, AlertRebuild rebuild, CancellationToken token)
    {
        await using var session = store.LightweightSession(clinicId);
        session.Store(rebuild);
        await session.SaveChangesAsync(token);
        return rebuild;
    }
}
