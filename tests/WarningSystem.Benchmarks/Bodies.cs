using System.Globalization;

namespace WarningSystem.Benchmarks;

/// <summary>
/// Request bodies shaped like an EHR feed (see README "API"). Load event n belongs to patient n mod 20,000 and is
/// that patient's k-th event (k = n div 20,000) in a course of sessions, doses and mild cravings during sessions,
/// three days apart (starting 1,000 days ago, so 6 million events stay in the past): realistic data that completes no rule's pattern, so load tiers measure ingest and the
/// detection work every event costs, not alerting (T3 measures that). Every eventId is unique.
/// </summary>
public static class Bodies
{
    public const int Patients = 20_000;
    public static readonly DateTimeOffset CourseStart = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1000);

    public static string Patient(long n) => $"pt-{n % Patients:D5}";

    public static (string Type, string Data) Payload(long n)
    {
        var (patient, k) = (n % Patients, n / Patients);
        return (k % 3) switch
        {
            0 => ("SessionAttended", $$"""{"sessionId":"s-{{patient}}-{{k / 3}}","scheduled":true}"""),
            1 => ("DoseGiven", $$"""{"sessionId":"s-{{patient}}-{{k / 3}}","drug":"ketamine","route":"IV","doseMg":35,"weightKg":70}"""),
            _ => ("CravingReported", """{"intensity":2,"duringSession":true}"""),
        };
    }

    public static string OccurredAt(long n) => Iso(CourseStart.AddDays(3 * (n / Patients)).AddMinutes(n % 600));

    /// <summary>One load event for POST /events; the eventId carries the run, so reruns against one database stay unique.</summary>
    public static string Event(string run, long n)
    {
        var (type, data) = Payload(n);
        return $$"""{"eventId":"ehr-{{run}}-{{n}}","patientId":"{{Patient(n)}}","type":"{{type}}","occurredAt":"{{OccurredAt(n)}}","recordedBy":"ehr-bench","data":{{data}}}""";
    }

    /// <summary>A batch of load events first .. first + count - 1.</summary>
    public static string Batch(string run, long first, int count) =>
        $$"""{"events":[{{string.Join(',', Enumerable.Range(0, count).Select(i => Event(run, first + i)))}}]}""";

    /// <summary>
    /// Event k of a patient's <paramref name="count"/>-event history, spread evenly over the 900 days after the course's
    /// start: the load events' pattern, which raises no alert.
    /// </summary>
    public static object PatientEvent(string run, string patient, int k, int count)
    {
        var (type, data) = Payload((long)k * Patients);
        return new
        {
            eventId = $"ehr-{run}-{patient}-{k}", patientId = patient, type,
            occurredAt = Iso(CourseStart.AddDays(900.0 * k / count)), recordedBy = "ehr-bench",
            data = System.Text.Json.JsonDocument.Parse(data).RootElement,
        };
    }

    /// <summary>
    /// A craving of intensity 9 outside a session, for a patient with no other history: raises exactly one
    /// craving-outside-session alert (README "Detection"), so missing and duplicate alerts can be counted.
    /// </summary>
    public static string AlertingCraving(string eventId, string patient) =>
        $$$"""{"eventId":"{{{eventId}}}","patientId":"{{{patient}}}","type":"CravingReported","occurredAt":"{{{Iso(DateTimeOffset.UtcNow.AddSeconds(-1))}}}","recordedBy":"patient-portal","data":{"intensity":9,"duringSession":false}}""";

    static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
