using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using WarningSystem.Ingest;

namespace WarningSystem.Audit;

/// <summary>One row of Marten's event table as stored: the JSON texts unparsed, so a reader can pass them on.</summary>
public sealed record EventRow(
    long Sequence, Guid Id, string StreamKey, long Version, string TypeAlias, DateTimeOffset RecordedAt, string? Headers, string Data);

/// <summary>
/// Reads the event table row by row with a data reader: exports and the hash chain stream through it without
/// holding a history in memory, and filters that Marten's LINQ cannot express (event time is a header) stay in SQL.
/// </summary>
public sealed class EventRows(IDocumentStore store)
{
    readonly StoreOptions options = ((DocumentStore)store).Options;

    public string Table => $"{options.Events.DatabaseSchemaName}.mt_events";

    /// <summary>The stored type name (Marten's alias) of an event type, and back to the API's name.</summary>
    public string AliasOf(Type type) => ((Marten.Events.EventGraph)options.Events).EventMappingFor(type).EventTypeName;

    public string ApiNameOf(string alias) => Names.Value.GetValueOrDefault(alias, alias);

    Lazy<Dictionary<string, string>> Names => names ??= new(() =>
        EventCatalog.Types.ToDictionary(t => AliasOf(t.Value), t => t.Key));
    Lazy<Dictionary<string, string>>? names;

    public NpgsqlConnection Connection() => store.Storage.Database.CreateConnection();

    public async Task<long> CountAsync(string where, NpgsqlParameter[] parameters, CancellationToken token)
    {
        await using var conn = Connection();
        await conn.OpenAsync(token);
        await using var cmd = new NpgsqlCommand($"select count(*) from {Table} where {where}", conn);
        cmd.Parameters.AddRange(Clone(parameters));
        return (long)(await cmd.ExecuteScalarAsync(token))!;
    }

    /// <summary>Rows in log order, read one at a time (sequential access: a large data column is never buffered whole).</summary>
    public async IAsyncEnumerable<EventRow> ReadAsync(string where, NpgsqlParameter[] parameters, string tail,
        [EnumeratorCancellation] CancellationToken token)
    {
        await using var conn = Connection();
        await conn.OpenAsync(token);
        await using var cmd = new NpgsqlCommand(
            $"select seq_id, id, stream_id, version, type, timestamp, headers::text, data::text from {Table} where {where} order by seq_id {tail}", conn);
        cmd.Parameters.AddRange(Clone(parameters));
        await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token);
        while (await reader.ReadAsync(token))
            yield return new EventRow(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5),
                await reader.IsDBNullAsync(6, token) ? null : reader.GetString(6), reader.GetString(7));
    }

    // A parameter belongs to one command; the same filter serves the count and the read.
    static NpgsqlParameter[] Clone(NpgsqlParameter[] parameters) => parameters.Select(p => p.Clone()).ToArray();
}
