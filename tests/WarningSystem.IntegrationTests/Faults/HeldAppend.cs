using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;
using Weasel.Core;
using WarningSystem.Ingest;
using WarningSystem.Shared;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// An appending transaction that the test holds open: Marten appends the events as the service's group commit would
/// (quick append, the service's event types, headers and ids), on a connection of the test's own, and nothing is
/// committed until the test says so. Meanwhile the events' sequence numbers are taken and later ones commit: the
/// event store has a gap where these events will appear, or never appear if the transaction rolls back.
/// </summary>
public sealed class HeldAppend : IAsyncDisposable
{
    readonly DocumentStore store;
    readonly NpgsqlConnection connection;
    readonly NpgsqlTransaction transaction;
    public IReadOnlyList<long> Sequences { get; private set; } = [];

    HeldAppend(DocumentStore store, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        (this.store, this.connection, this.transaction) = (store, connection, transaction);

    /// <summary>Appends one patient's events (as the API takes them) inside a transaction that stays open.</summary>
    public static async Task<HeldAppend> BeginAsync(string connectionString, string clinicId, IReadOnlyList<JsonObject> events)
    {
        var store = StoreLikeTheService(connectionString);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var held = new HeldAppend(store, connection, transaction);

        var pending = events.Select(e => IncomingEvent.Parse(clinicId, JsonSerializer.SerializeToElement(e), DateTimeOffset.UtcNow).Event
            ?? throw new InvalidOperationException($"not a valid event: {e.ToJsonString()}")).ToList();
        var options = SessionOptions.ForTransaction(transaction);
        options.TenantId = clinicId;
        await using var session = store.LightweightSession(options);
        var action = session.Events.Append(pending[0].PatientId, pending.Select(p => p.Data).ToArray());
        for (var i = 0; i < pending.Count; i++) EventHeaders.Stamp(action.Events[i], pending[i]);
        // Runs Marten's append on the open transaction; with a transaction of the caller's, Marten does not commit.
        await session.SaveChangesAsync();
        held.Sequences = action.Events.Select(e => e.Sequence).ToList();
        return held;
    }

    public Task CommitAsync() => transaction.CommitAsync();

    public Task RollbackAsync() => transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        store.Dispose();
    }

    /// <summary>What of the service's event store configuration an append depends on (Shared/EventStoreSetup.cs).</summary>
    static DocumentStore StoreLikeTheService(string connectionString) => DocumentStore.For(opts =>
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = "warnings";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => JsonSetup.Configure(json));
        opts.AutoCreateSchemaObjects = AutoCreate.None;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.EnableUniqueIndexOnEventId = true;
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.UseListenNotifyForEventAppends = true;
        opts.Events.AddEventTypes(EventCatalog.Types.Values);
    });
}
