using System.Globalization;
using System.Text.Json;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T6: what auditors wait for, on the running service. Two patients are seeded once per run: one with 2,000 events
/// (exported whole as NDJSON) and one with 1,000 (its risk picture asked as of random moments while it was recorded).
/// Not 10,000 for the export: detection's cost per event grows with the patient's history, and seeding one patient
/// that long would keep detection busy for minutes (the performance issue's per-patient state is the remedy).
/// Verification checks the whole clinic, every event the earlier tiers stored included.
/// </summary>
public static class Auditing
{
    const int ExportEvents = 2_000, AsOfEvents = 1_000;
    static string? exportPatient, asOfPatient;
    static (DateTimeOffset From, DateTimeOffset To) asOfSpan;

    /// <summary>Export rate: events per second of NDJSON streamed to the client; latency per whole export.</summary>
    public static async Task<LoadResult> Export(Bench bench, TimeSpan duration)
    {
        await Seed(bench);
        return await Load.Closed(1, duration, async _ =>
        {
            var lines = await bench.Api.CountNdjsonLines($"/api/clinics/{bench.Config.Clinic}/patients/{exportPatient}/events");
            return lines == ExportEvents ? lines : 0;
        });
    }

    /// <summary>As-of latency: the risk picture of a 1,000-event stream as of a random moment of its recording.</summary>
    public static async Task<LoadResult> AsOf(Bench bench, TimeSpan duration)
    {
        await Seed(bench);
        var (from, to) = asOfSpan;
        return await Load.Closed(4, duration, async _ =>
        {
            var at = from + (to - from) * Random.Shared.NextDouble();
            var path = $"/api/clinics/{bench.Config.Clinic}/patients/{asOfPatient}/risk?asOf={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}";
            using var risk = await bench.Api.GetJson(path, bench.Config.ReadKey);
            return risk is null ? 0 : 1;
        });
    }

    /// <summary>Verification rate: events checked per second by the clinic-wide verification.</summary>
    public static Task<LoadResult> Verify(Bench bench, TimeSpan duration) => Load.Closed(1, duration, async _ =>
    {
        using var result = await bench.Api.GetJson($"/api/clinics/{bench.Config.Clinic}/verify", bench.Config.AuditKey);
        return result is not null && result.RootElement.GetProperty("verified").GetBoolean()
            ? (int)result.RootElement.GetProperty("checked").GetInt64() : 0;
    });

    /// <summary>The 1,000-event patient, seeded first if need be.</summary>
    public static async Task<string> AsOfPatient(Bench bench)
    {
        await Seed(bench);
        return asOfPatient!;
    }

    /// <summary>Posts both patients' histories in 100-event batches and waits until the service has processed them.</summary>
    static async Task Seed(Bench bench)
    {
        if (exportPatient is not null) return;
        var run = bench.Config.Run;
        var export = $"audit-export-{run}";
        await Post(bench, export, 0, ExportEvents, ExportEvents);
        var asOf = $"audit-asof-{run}";
        // From after the first batch: a moment before the patient's first event has no picture (404).
        await Post(bench, asOf, 0, 100, AsOfEvents);
        var from = DateTimeOffset.UtcNow;
        await Post(bench, asOf, 100, AsOfEvents, AsOfEvents);
        asOfSpan = (from, DateTimeOffset.UtcNow);
        await bench.Service!.WaitCaughtUp(TimeSpan.FromMinutes(5));
        (exportPatient, asOfPatient) = (export, asOf);
    }

    /// <summary>Events <paramref name="from"/> up to <paramref name="to"/> of the patient's <paramref name="count"/>, in 100-event batches.</summary>
    static async Task Post(Bench bench, string patient, int from, int to, int count)
    {
        for (var first = from; first < to; first += 100)
        {
            var body = JsonSerializer.Serialize(new { events = Enumerable.Range(first, 100).Select(k => Bodies.PatientEvent(bench.Config.Run, patient, k, count)) });
            var accepted = await bench.Api.PostBatch(body);
            if (accepted != 100) throw new InvalidOperationException($"seeding {patient}: {accepted} of 100 events accepted");
        }
    }
}
