using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T2-detect: what one pathological patient costs detection. Each operation posts a new patient's 300 events of
/// 30 days (sessions and doses creeping up, cravings outside sessions, extra-session requests, withdrawal: every
/// behavioural rule and the composite fire again and again) in 100-event batches, in time order, and waits until the
/// service has caught up. Its latency divided by 300 bounds detection's cost per event from above: the time
/// includes ingest, sealing and the alerts raised.
/// </summary>
public static class Detection
{
    public const int Events = 300;

    // Load numbers its operations afresh in each run of the tier; patients must be new in every one.
    static int patients;

    public static Task<LoadResult> Pathological(Bench bench, TimeSpan duration) => Load.Closed(1, duration, async _ =>
    {
        var patient = $"patho-{bench.Config.Run}-{Interlocked.Increment(ref patients)}";
        var start = DateTimeOffset.UtcNow.AddDays(-31);
        for (var first = 0; first < Events; first += 100)
        {
            var body = JsonSerializer.Serialize(new { events = Enumerable.Range(first, 100).Select(k => Event(patient, k, start)) });
            var accepted = await bench.Api.PostBatch(body);
            if (accepted != 100) throw new InvalidOperationException($"seeding {patient}: {accepted} of 100 events accepted");
        }
        await bench.Service!.WaitCaughtUp(TimeSpan.FromMinutes(5));
        return Events;
    });

    /// <summary>Event k of the pathological patient's 300, the first at <paramref name="start"/>; T4-catchup's backlog has a few such patients.</summary>
    public static object Event(string patient, int k, DateTimeOffset start)
    {
        var session = $"s-{k / 6}";
        var (type, data) = k == 0
            ? ("TreatmentPlanPrescribed", """{"drug":"ketamine","route":"IV","doseMgPerKg":0.5,"maxSessionsPerWeek":2,"prescriber":"dr-1"}""")
            : (k % 6) switch
            {
                0 => ("SessionAttended", $$"""{"sessionId":"{{session}}","scheduled":false}"""),
                1 => ("DoseGiven", $$"""{"sessionId":"{{session}}","drug":"ketamine","route":"IV","doseMg":{{35 + k / 6}},"weightKg":70}"""),
                2 => ("CravingReported", """{"intensity":8,"duringSession":false}"""),
                3 => ("OffScheduleRequest", """{"kind":"extra-session","channel":"phone"}"""),
                4 => ("WithdrawalSymptomsReported", """{"symptoms":["irritability","anxiety"],"severity":"moderate"}"""),
                _ => ("CravingReported", """{"intensity":9,"duringSession":false}"""),
            };
        return new
        {
            eventId = $"ehr-{patient}-{k}", patientId = patient, type,
            occurredAt = start.AddDays(30.0 * k / Events).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            recordedBy = "ehr-bench", data = JsonDocument.Parse(data).RootElement,
        };
    }
}
