using System.Diagnostics;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Weasel.Core;
using WarningSystem.Ingest;
using WarningSystem.Shared;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T4-catchup's backlog, stored while the service is stopped: a clinic's history of about 50 events per patient
/// (<see cref="Bodies.PatientEvent"/>, 40 to 60 each) and a few pathological patients of 300 events in 30 days
/// (<see cref="Detection.Event"/>), their windows spread over the history, all in the order of event time, so
/// patients interleave in the log as a live feed's do. Every event goes through the service's own parsing
/// (<see cref="IncomingEvent.Parse"/>: validation, normalised data, derived id, content hash) and its group-commit
/// writer (<see cref="IngestWriter"/>: headers, one stream per patient, 1,000 events per commit), so the rows are
/// the ones HTTP ingest would have stored, without HTTP's cost.
/// </summary>
public static class Backlog
{
    public const int PathologicalPatients = 5;

    /// <summary>What was stored: the events, the last one's sequence, and how long it took.</summary>
    public sealed record Seeded(long Events, long LastSequence, double Seconds);

    /// <summary>A patient's event, by its day after <see cref="Bodies.CourseStart"/>; Patient &lt; 0 is pathological patient -1 - Patient.</summary>
    readonly record struct Slot(double Day, int Patient, int K, int Count);

    public static async Task<Seeded> Seed(Bench bench, long events)
    {
        var clock = Stopwatch.StartNew();
        var slots = Schedule(events);
        using var store = Store(bench.Config.Postgres);
        var writer = new IngestWriter(store, NullLogger<IngestWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var lastSequence = 0L;
        // Two commits queued behind the one running, so the writer never waits for this loop to parse the next.
        var queued = new Queue<Task<AppendOutcome[]>>();
        for (var first = 0; first < slots.Count; first += IngestWriter.MaxEventsPerCommit)
        {
            var chunk = slots.GetRange(first, Math.Min(IngestWriter.MaxEventsPerCommit, slots.Count - first)).ConvertAll(s => Pending(bench, s));
            queued.Enqueue(writer.AppendAsync(chunk, CancellationToken.None));
            if (queued.Count > 2) lastSequence = Accepted(await queued.Dequeue());
        }
        while (queued.Count > 0) lastSequence = Accepted(await queued.Dequeue());
        await writer.StopAsync(CancellationToken.None);
        // The planner's statistics, as autovacuum keeps them for a log that grew over months. Without them, a table
        // filled in seconds is planned as nearly empty: the daemon's page query (a range of sequences, joined to the
        // streams, first 500 by sequence) then reads the whole backlog behind every page, a second per page.
        await bench.VacuumAnalyze("mt_events", "mt_streams");
        return new Seeded(slots.Count, lastSequence, clock.Elapsed.TotalSeconds);
    }

    static long Accepted(AppendOutcome[] outcomes) => outcomes.All(o => o.Status == AppendStatus.Accepted)
        ? outcomes.Max(o => o.Sequence)
        : throw new InvalidOperationException($"seeding the backlog: {outcomes.Count(o => o.Status != AppendStatus.Accepted)} events not accepted");

    /// <summary>Every event of the backlog, in event-time order (ties by patient, then by the patient's own order).</summary>
    static List<Slot> Schedule(long events)
    {
        var slots = new List<Slot>((int)events);
        for (var p = 0; p < PathologicalPatients; p++)
        {
            // Windows centred in fifths of the history's 900 days.
            var from = 900.0 * (p + 0.5) / PathologicalPatients - 15;
            for (var k = 0; k < Detection.Events; k++) slots.Add(new(from + 30.0 * k / Detection.Events, -1 - p, k, Detection.Events));
        }
        for (var patient = 0; slots.Count < events; patient++)
        {
            var count = (int)Math.Min(40 + patient * 7 % 21, events - slots.Count);
            for (var k = 0; k < count; k++) slots.Add(new(900.0 * k / count, patient, k, count));
        }
        slots.Sort((a, b) => (a.Day, a.Patient, a.K).CompareTo((b.Day, b.Patient, b.K)));
        return slots;
    }

    static PendingEvent Pending(Bench bench, Slot slot)
    {
        var run = bench.Config.Run;
        var body = slot.Patient < 0
            ? Detection.Event($"t4-patho-{run}-{-1 - slot.Patient}", slot.K, Bodies.CourseStart.AddDays(900.0 * (-1 - slot.Patient + 0.5) / PathologicalPatients - 15))
            : Bodies.PatientEvent(run, $"t4-{run}-{slot.Patient}", slot.K, slot.Count);
        var (pending, errors) = IncomingEvent.Parse(bench.Config.Clinic, JsonSerializer.SerializeToElement(body), DateTimeOffset.UtcNow);
        return pending ?? throw new InvalidOperationException($"a backlog event the service would refuse: {string.Join("; ", errors)}");
    }

    /// <summary>
    /// The service's event store as its EventStoreSetup and IngestSetup configure it, as far as an append depends on it:
    /// schema, JSON, conjoined tenancy, string stream keys, headers, quick append, the patient event types. The schema
    /// is the one db-apply made; this store changes nothing in it.
    /// </summary>
    static DocumentStore Store(string connectionString) => DocumentStore.For(opts =>
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = "warnings";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => JsonSetup.Configure(json));
        opts.AutoCreateSchemaObjects = AutoCreate.None;
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.EnableUniqueIndexOnEventId = true;
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.AddEventTypes(EventCatalog.Types.Values);
    });
}
