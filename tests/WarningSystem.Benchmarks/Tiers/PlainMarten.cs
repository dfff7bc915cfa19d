using JasperFx;
using JasperFx.Events;
using Marten;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T1: what Marten alone gives, in this process: the same Marten version as the service, a schema of its own
/// (bench_marten), string stream ids (one stream per patient) and quick appends, everything else Marten's defaults.
/// </summary>
public static class PlainMarten
{
    /// <summary>The same three event kinds and payloads as the HTTP load (see <see cref="Bodies"/>).</summary>
    public sealed record SessionAttended(string SessionId, bool Scheduled);
    public sealed record DoseGiven(string SessionId, string Drug, string Route, decimal DoseMg, decimal? WeightKg);
    public sealed record CravingReported(int Intensity, bool? DuringSession);

    public static async Task<DocumentStore> CreateStore(string connectionString)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "bench_marten";
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.AddEventTypes([typeof(SessionAttended), typeof(DoseGiven), typeof(CravingReported)]);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>T1: one event per session, one session per commit.</summary>
    public static Task<LoadResult> OneEventPerSession(Bench bench, DocumentStore store, int inFlight, TimeSpan duration) =>
        Load.Closed(inFlight, duration, async _ =>
        {
            await using var session = store.LightweightSession();
            var n = bench.NextRows(1);
            session.Events.Append(Bodies.Patient(n), Event(n));
            await session.SaveChangesAsync();
            return 1;
        });

    /// <summary>T1 batched: 100 events for 100 patients in one session, one commit.</summary>
    public static Task<LoadResult> HundredPerCommit(Bench bench, DocumentStore store, int inFlight, TimeSpan duration) =>
        Load.Closed(inFlight, duration, async _ =>
        {
            await using var session = store.LightweightSession();
            var first = bench.NextRows(100);
            for (var n = first; n < first + 100; n++) session.Events.Append(Bodies.Patient(n), Event(n));
            await session.SaveChangesAsync();
            return 100;
        });

    static object Event(long n)
    {
        var (patient, k) = (n % Bodies.Patients, n / Bodies.Patients);
        return (k % 3) switch
        {
            0 => new SessionAttended($"s-{patient}-{k / 3}", true),
            1 => new DoseGiven($"s-{patient}-{k / 3}", "ketamine", "IV", 35, 70),
            _ => new CravingReported(2, true),
        };
    }
}
