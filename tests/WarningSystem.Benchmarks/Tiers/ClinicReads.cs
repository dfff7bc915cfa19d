namespace WarningSystem.Benchmarks.Tiers;

/// <summary>
/// T4's reads: the alert list (also as FHIR DetectedIssues), the patient worklist and the metrics with 100,000
/// alerts in the clinic, and an auditor's fetch of a 1,000-event stream. The alerts are written straight into the
/// alert table once per run, shaped as the service stores them (raising 100,000 through detection would take this
/// machine hours), spread over 20,000 patients, four rules, three severities and every status. The duplicated
/// columns (patient, rule, raised at) are filled as Marten fills them; the read models are kept by the table's
/// triggers, as for any write.
/// </summary>
public static class ClinicReads
{
    public const int Alerts = 100_000;
    static bool seeded;

    public static Task<LoadResult> List(Bench bench, TimeSpan duration) =>
        Read(bench, duration, n => $"/api/clinics/{bench.Config.Clinic}/alerts?pageSize=50&page={1 + n % 20}");

    public static Task<LoadResult> Worklist(Bench bench, TimeSpan duration) =>
        Read(bench, duration, n => $"/api/clinics/{bench.Config.Clinic}/alerts?groupBy=patient&pageSize=50&page={1 + n % 20}");

    /// <summary>The same alerts through FHIR: a searchset page of 50, with each of the three FHIR statuses and none.</summary>
    public static Task<LoadResult> DetectedIssues(Bench bench, TimeSpan duration) =>
        Read(bench, duration, n => $"/api/clinics/{bench.Config.Clinic}/fhir/DetectedIssue?_count=50&page={1 + n / 4 % 20}"
            + (n % 4) switch { 0 => "", 1 => "&status=preliminary", 2 => "&status=final", _ => "&status=cancelled" });

    public static Task<LoadResult> Metrics(Bench bench, TimeSpan duration) =>
        Read(bench, duration, _ => $"/api/clinics/{bench.Config.Clinic}/alerts/metrics");

    /// <summary>The 1,000-event patient of the auditing tiers, fetched whole as JSON.</summary>
    public static async Task<LoadResult> Fetch(Bench bench, TimeSpan duration)
    {
        var patient = await Auditing.AsOfPatient(bench);
        return await Read(bench, duration, _ => $"/api/clinics/{bench.Config.Clinic}/patients/{patient}/events");
    }

    static async Task<LoadResult> Read(Bench bench, TimeSpan duration, Func<long, string> path)
    {
        await Seed(bench);
        return await Load.Closed(4, duration, async n =>
        {
            using var answer = await bench.Api.GetJson(path(n), bench.Config.ReadKey);
            return answer is null ? 0 : 1;
        });
    }

    static async Task Seed(Bench bench)
    {
        if (seeded) return;
        // In statements of a thousand: the triggers count every row into a few counters, and one statement updating a
        // counter tens of thousands of times would make PostgreSQL walk all of that row's versions at each update.
        for (var first = 1; first <= Alerts; first += SeedChunk) await SeedChunkAsync(bench, first);
        // As autovacuum would have long since in a clinic that gathered these alerts over months: the counters' old
        // row versions gone and the planner's statistics current.
        await bench.VacuumAnalyze("mt_doc_alert", "alert_tally", "alert_minutes", "alert_patient");
        seeded = true;
    }

    const int SeedChunk = 1_000;

    static async Task SeedChunkAsync(Bench bench, int first)
    {
        await using var command = bench.Db.CreateCommand($"""
            insert into warnings.mt_doc_alert (tenant_id, id, data, mt_dotnet_type, mt_version,
                                               patient_id, rule_id, raised_at)
            select @clinic, id, jsonb_strip_nulls(jsonb_build_object(
                'alertId', id, 'clinicId', @clinic, 'patientId', patient, 'ruleId', rule,
                'ruleVersion', 1, 'severity', severity, 'status', status,
                'raisedAt', raised, 'detectedAt', raised, 'lastTriggeredAt', raised,
                'summary', 'Benchmark alert', 'explanation', 'Benchmark alert', 'evidence', '[]'::jsonb,
                'protocolVersion', 1, 'escalationLevel', g % 2, 'version', 1,
                'acknowledgedBy', case when status in ('acknowledged', 'resolved') then 'coordinator' end,
                'acknowledgedAt', case when status in ('acknowledged', 'resolved') then raised + interval '30 minutes' end,
                'resolvedBy', case when status = 'resolved' then 'coordinator' end,
                'resolvedAt', case when status = 'resolved' then raised + interval '3 hours' end,
                'resolution', case when status = 'resolved' then (array['false-positive', 'referred', 'plan-changed'])[1 + g % 3] end)),
              'WarningSystem.Alerts.Alert', 1,
              patient, rule, raised
            from (select g, 'bench-t4-' || g as id, now() - g * interval '5 minutes' as raised, 'pt-t4-' || (g % 20000) as patient,
                         (array['craving-outside-session', 'withdrawal-signs', 'off-schedule-requests', 'dose-above-authorized'])[1 + g % 4] as rule,
                         (array['medium', 'high', 'critical'])[1 + g % 3] as severity,
                         (array['open', 'acknowledged', 'snoozed', 'resolved', 'resolved'])[1 + g % 5] as status
                  from generate_series({first}, {first + SeedChunk - 1}) g) alerts
            on conflict do nothing
            """);
        command.Parameters.AddWithValue("clinic", bench.Config.Clinic);
        await command.ExecuteNonQueryAsync();
    }
}
