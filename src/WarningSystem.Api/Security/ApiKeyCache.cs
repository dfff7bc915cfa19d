using Marten.Services;
using Npgsql;

namespace WarningSystem.Security;

/// <summary>
/// API key records kept in memory, so a request does not cost a database read. A saved key (revoked, rotated) is
/// announced with PostgreSQL NOTIFY in the transaction that saves it, and every node listening evicts it when that
/// transaction commits; the node that saved it evicts it before answering. Nothing is cached while this node is not
/// listening (starting, or reconnecting after a lost connection), so no revocation can be missed.
/// </summary>
public sealed class ApiKeyCache(IServiceProvider services, ILogger<ApiKeyCache> logger) : BackgroundService
{
    // Resolved on first use, not injected: the store's own listener (ApiKeyChanges) needs this cache while the store
    // is being built, and injecting the store here would make the two wait on each other.
    IDocumentStore Store => services.GetRequiredService<IDocumentStore>();

    public const string Channel = "warningsystem_api_keys";

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, ApiKey> keys = new();
    volatile bool listening;
    long evictions;

    public async Task<ApiKey?> FindAsync(string keyId, CancellationToken token)
    {
        if (listening && keys.TryGetValue(keyId, out var cached)) return cached;
        // A key evicted while it was being read must not be put back as it was before the change.
        var before = Interlocked.Read(ref evictions);
        await using var session = Store.QuerySession();
        var record = await session.LoadAsync<ApiKey>(keyId, token);
        if (record is not null && listening && Interlocked.Read(ref evictions) == before) keys[keyId] = record;
        return record;
    }

    public void Evict(string keyId)
    {
        Interlocked.Increment(ref evictions);
        keys.TryRemove(keyId, out _);
    }

    void Forget()
    {
        listening = false;
        Interlocked.Increment(ref evictions);
        keys.Clear();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = Store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Evict(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                listening = true;
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Forget();
                logger.LogWarning("API key change listener lost its connection ({Error}); keys are read from the database until it is back", e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                Forget();
            }
        }
    }
}

/// <summary>Every save of an API key, wherever it happens, announces the key's id when its transaction commits.</summary>
public sealed class ApiKeyChanges(ApiKeyCache cache) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var key in session.PendingChanges.AllChangedFor<ApiKey>().ToList())
            session.QueueSqlCommand("select pg_notify(?, ?)", ApiKeyCache.Channel, key.Id);
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var key in commit.Updated.Concat(commit.Inserted).OfType<ApiKey>()) cache.Evict(key.Id);
        return Task.CompletedTask;
    }
}
