using System.Diagnostics;
using System.Text.Json;

namespace WarningSystem.IntegrationTests;

/// <summary>Waiting for what the detection subscription raises: polling the alert API until a condition holds.</summary>
public static class Alerts
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<JsonElement[]> ForPatient(this HttpClient client, string clinicId, string patientId)
    {
        var response = await client.GetAsync($"/api/clinics/{clinicId}/alerts?patientId={patientId}&pageSize=200");
        response.EnsureSuccessStatusCode();
        return (await response.Body()).GetProperty("items").EnumerateArray().ToArray();
    }

    /// <summary>Polls until the patient's alerts satisfy the condition; fails with what was there if they never do.</summary>
    public static async Task<JsonElement[]> WaitForAlerts(this HttpClient client, string clinicId, string patientId,
        Func<JsonElement[], bool> condition)
    {
        var clock = Stopwatch.StartNew();
        JsonElement[] alerts;
        do
        {
            alerts = await client.ForPatient(clinicId, patientId);
            if (condition(alerts)) return alerts;
            await Task.Delay(50);
        } while (clock.Elapsed < Patience);
        throw new TimeoutException($"Alerts for {patientId} never met the condition; they were: {JsonSerializer.Serialize(alerts)}");
    }

    public static Task<JsonElement[]> WaitForRule(this HttpClient client, string clinicId, string patientId, string ruleId) =>
        client.WaitForAlerts(clinicId, patientId, alerts => alerts.Any(a => a.Rule() == ruleId));

    /// <summary>
    /// Posts a severe withdrawal report and waits for its alert. Events are processed in log order, so once the
    /// sentinel's alert is visible, every earlier event of the patient has been evaluated: absence is now meaningful.
    /// Returns all the patient's alerts, the sentinel's withdrawal-signs alert among them.
    /// </summary>
    public static async Task<JsonElement[]> SettleWithSentinel(this HttpClient client, string clinicId, string patientId,
        DateTimeOffset occurredAt)
    {
        var sentinel = Api.Event(patientId, "WithdrawalSymptomsReported",
            new { symptoms = new[] { "other" }, severity = "severe" }, occurredAt);
        (await client.PostEvent(clinicId, sentinel)).EnsureSuccessStatusCode();
        var sentinelId = sentinel["eventId"]!.GetValue<string>();
        return await client.WaitForAlerts(clinicId, patientId, alerts => alerts.Any(a => a.EvidenceIds().Contains(sentinelId)));
    }

    public static IEnumerable<JsonElement> OtherThanSentinel(this IEnumerable<JsonElement> alerts) =>
        alerts.Where(a => a.Rule() != "withdrawal-signs");

    public static string Rule(this JsonElement alert) => alert.GetProperty("ruleId").GetString()!;

    public static string[] EvidenceIds(this JsonElement alert) =>
        alert.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToArray();
}
