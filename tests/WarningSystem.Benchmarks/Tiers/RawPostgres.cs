using Npgsql;
using NpgsqlTypes;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T0 and T0b: PostgreSQL alone through Npgsql, the ceiling for any event store on this machine. The table has
/// the columns of Marten's event table that carry data (id, stream_id, type, data, headers, seq, timestamp), its
/// primary key on seq and the unique index on id the service turns on; not Marten's streams table or version index.
/// </summary>
public static class RawPostgres
{
    public static async Task CreateTable(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            create schema if not exists bench_raw;
            drop table if exists bench_raw.events;
            create table bench_raw.events (
                seq bigserial primary key, id uuid not null, stream_id text not null, type text not null,
                data jsonb not null, headers jsonb, timestamp timestamptz not null default now());
            create unique index on bench_raw.events (id);
            """);
        await command.ExecuteNonQueryAsync();
    }

    const string Insert = "insert into bench_raw.events (id, stream_id, type, data, headers) values ($1, $2, $3, $4, $5)";
    const string Copy = "copy bench_raw.events (id, stream_id, type, data, headers) from stdin (format binary)";

    /// <summary>T0: one row per commit (autocommit).</summary>
    public static Task<LoadResult> OneRowPerCommit(Bench bench, int inFlight, TimeSpan duration) =>
        Load.Closed(inFlight, duration, async _ =>
        {
            await using var command = bench.Db.CreateCommand(Insert);
            AddRow(command.Parameters, bench.Config.Run, bench.NextRows(1));
            await command.ExecuteNonQueryAsync();
            return 1;
        });

    /// <summary>T0b: 100 INSERT statements in one batch; Npgsql sends them in one round trip, one implicit transaction.</summary>
    public static Task<LoadResult> BatchedInsert(Bench bench, int inFlight, TimeSpan duration) =>
        Load.Closed(inFlight, duration, async _ =>
        {
            await using var connection = await bench.Db.OpenConnectionAsync();
            await using var batch = new NpgsqlBatch(connection);
            var first = bench.NextRows(100);
            for (var i = 0; i < 100; i++)
            {
                var command = new NpgsqlBatchCommand(Insert);
                AddRow(command.Parameters, bench.Config.Run, first + i);
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync();
            return 100;
        });

    /// <summary>T0b: 100 rows per binary COPY, each COPY its own commit.</summary>
    public static Task<LoadResult> BinaryCopy(Bench bench, int inFlight, TimeSpan duration) =>
        Load.Closed(inFlight, duration, async _ =>
        {
            await using var connection = await bench.Db.OpenConnectionAsync();
            await using var writer = await connection.BeginBinaryImportAsync(Copy);
            var first = bench.NextRows(100);
            for (var i = 0; i < 100; i++)
            {
                var (id, stream, type, data, headers) = Row(bench.Config.Run, first + i);
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(stream, NpgsqlDbType.Text);
                await writer.WriteAsync(type, NpgsqlDbType.Text);
                await writer.WriteAsync(data, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(headers, NpgsqlDbType.Jsonb);
            }
            await writer.CompleteAsync();
            return 100;
        });

    static void AddRow(NpgsqlParameterCollection parameters, string run, long n)
    {
        var (id, stream, type, data, headers) = Row(run, n);
        parameters.Add(new() { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid });
        parameters.Add(new() { Value = stream, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = type, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = data, NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new() { Value = headers, NpgsqlDbType = NpgsqlDbType.Jsonb });
    }

    /// <summary>The same payload the service stores for load event n: its data, and the EHR's ids and times as headers.</summary>
    static (Guid Id, string Stream, string Type, string Data, string Headers) Row(string run, long n)
    {
        var (type, data) = Bodies.Payload(n);
        var headers = $$"""{"eventId":"ehr-{{run}}-{{n}}","occurredAt":"{{Bodies.OccurredAt(n)}}","recordedBy":"ehr-bench"}""";
        return (Guid.CreateVersion7(), Bodies.Patient(n), type, data, headers);
    }
}
