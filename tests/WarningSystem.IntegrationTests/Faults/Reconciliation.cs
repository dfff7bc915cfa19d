using System.Diagnostics;
using System.Net;
using System.Text.Json;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>What the store holds, counted against the ledger through the public API only.</summary>
public sealed record Reckoning(
    int EventsAcknowledged, int EventsLost, int EventsDuplicated, int SystemMissesExpected, int SystemMissesStored,
    int AlertsExpected, int AlertsRaised, int AlertsDuplicated, int AlertsMissing, int AlertsUnexpected, int AlertsWithoutEvidence,
    int EscalationsExpected, int EscalationsRecorded, int AlertChanges, int DeliveryKeys, int DeliveriesAccepted, int DeliveryKeysMissing,
    int PatientsStored, int PatientsNotDetected)
{
    public override string ToString() => JsonSerializer.Serialize(this);
}

public static class Reconciliation
{
    /// <summary>
    /// Waits (boundedly) until the service has caught up by itself: ready, every subscription at the high water mark,
    /// every expected alert raised and escalated to the expected level, every alert change delivered; then counts.
    /// </summary>
    public static async Task<Reckoning> SettleAndCountAsync(HttpClient client, Ledger ledger, IReadOnlyList<History> histories,
        WebhookReceiver? receiver, int escalationLevel, TimeSpan patience, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        Reckoning reckoning;
        var last = "";
        while (true)
        {
            reckoning = await CountAsync(client, ledger, histories, receiver, escalationLevel);
            var caughtUp = await SubscriptionsCaughtUpAsync(client);
            var settled = reckoning.AlertsMissing == 0 && reckoning.SystemMissesStored >= reckoning.SystemMissesExpected
                && reckoning.EscalationsRecorded >= reckoning.EscalationsExpected && reckoning.DeliveryKeysMissing == 0 && caughtUp
                && reckoning.PatientsNotDetected == 0;
            var now = $"alerts missing {reckoning.AlertsMissing}, misses {reckoning.SystemMissesStored}/{reckoning.SystemMissesExpected}, " +
                      $"patients not detected to their last event {reckoning.PatientsNotDetected}/{reckoning.PatientsStored}, " +
                      $"escalations {reckoning.EscalationsRecorded}/{reckoning.EscalationsExpected}, deliveries missing {reckoning.DeliveryKeysMissing}, caught up {caughtUp}";
            if (now != last) progress?.Invoke($"{clock.Elapsed.TotalSeconds:F1} s: {now}");
            last = now;
            if (settled || clock.Elapsed > patience) break;
            await Task.Delay(500);
        }
        return reckoning;
    }

    /// <summary>The readiness probe answers 200 and every subscription it watches is at the high water mark.</summary>
    public static async Task<bool> SubscriptionsCaughtUpAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health/ready");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            var checks = (await response.Body()).GetProperty("checks").EnumerateArray();
            var subscriptions = checks.Single(c => c.GetProperty("name").GetString() == "subscriptions").GetProperty("data");
            return subscriptions.EnumerateObject().All(s => s.Value.GetProperty("behind").GetInt64() == 0);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
    }

    public static async Task<Reckoning> CountAsync(HttpClient client, Ledger ledger, IReadOnlyList<History> histories,
        WebhookReceiver? receiver, int escalationLevel)
    {
        var clinic = ledger.ClinicId;
        int lost = 0, duplicated = 0, missesStored = 0, patientsStored = 0, notDetected = 0;
        var storedIds = new HashSet<string>();
        foreach (var history in histories)
        {
            var response = await client.GetAsync($"/api/clinics/{clinic}/patients/{history.PatientId}/events");
            var events = response.StatusCode == HttpStatusCode.NotFound ? [] : (await response.Body()).GetProperty("events").EnumerateArray().ToArray();
            var counts = events.GroupBy(e => e.GetProperty("eventId").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            storedIds.UnionWith(counts.Keys);
            foreach (var posted in history.Events.Select(e => e["eventId"]!.GetValue<string>()).Where(ledger.Acknowledged.ContainsKey))
            {
                var n = counts.GetValueOrDefault(posted);
                if (n == 0) lost++;
                if (n > 1) duplicated++;
            }
            missesStored += events.Count(e => e.GetProperty("type").GetString() == "MissedFollowUp"
                && e.GetProperty("recordedBy").GetString() == "warningsystem");
            duplicated += counts.Count(c => c.Value > 1 && c.Key.StartsWith("system:"));
            if (events.Length == 0) continue;
            // How far detection took this patient (its position in the log), against the stream's last version.
            patientsStored++;
            var detection = await (await client.GetAsync($"/api/clinics/{clinic}/patients/{history.PatientId}/detection")).Body();
            if (detection.GetProperty("detectedVersion").GetInt64() != events.Max(e => e.GetProperty("version").GetInt64())) notDetected++;
        }

        var alerts = await AllAlertsAsync(client, clinic);
        var expected = histories.SelectMany(h => h.ExpectedRules.Select(r => (h.PatientId, r))).ToHashSet();
        var raised = alerts.GroupBy(a => (a.GetProperty("patientId").GetString()!, a.Rule())).ToDictionary(g => g.Key, g => g.Count());
        var withoutEvidence = alerts.Count(a => a.EvidenceIds().Length == 0 || a.EvidenceIds().Any(id => !storedIds.Contains(id)));

        int escalations = 0, changes = 0, keysMissing = 0;
        var delivered = receiver?.Accepted.Values.Select(q => q.First().Body)
            .GroupBy(b => b.GetProperty("alertId").GetString()!).ToDictionary(g => g.Key, g => g.Select(b => b.GetProperty("eventType").GetString()!).ToList())
            ?? [];
        foreach (var alert in alerts)
        {
            var alertId = alert.GetProperty("alertId").GetString()!;
            var timeline = (await (await client.GetAsync($"/api/clinics/{clinic}/alerts/{alertId}/timeline")).Body())
                .GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();
            escalations += timeline.Count(t => t == "AlertEscalated");
            changes += timeline.Count;
            var got = delivered.GetValueOrDefault(alertId) ?? [];
            if (receiver is not null)
                keysMissing += timeline.GroupBy(t => t).Sum(g => Math.Max(0, g.Count() - got.Count(x => x == g.Key)));
        }

        return new Reckoning(
            EventsAcknowledged: ledger.AcknowledgedCount, EventsLost: lost, EventsDuplicated: duplicated,
            SystemMissesExpected: histories.Sum(h => h.SystemMisses), SystemMissesStored: missesStored,
            AlertsExpected: expected.Count, AlertsRaised: alerts.Length, AlertsDuplicated: raised.Values.Sum(n => n - 1),
            AlertsMissing: expected.Count(e => !raised.ContainsKey(e)), AlertsUnexpected: raised.Keys.Count(k => !expected.Contains(k)),
            AlertsWithoutEvidence: withoutEvidence, EscalationsExpected: expected.Count * escalationLevel, EscalationsRecorded: escalations,
            AlertChanges: changes, DeliveryKeys: receiver?.Accepted.Count ?? 0,
            DeliveriesAccepted: receiver?.Accepted.Values.Sum(q => q.Count) ?? 0, DeliveryKeysMissing: keysMissing,
            PatientsStored: patientsStored, PatientsNotDetected: notDetected);
    }

    static async Task<JsonElement[]> AllAlertsAsync(HttpClient client, string clinic)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await (await client.GetAsync($"/api/clinics/{clinic}/alerts?pageSize=200&page={page}")).Body();
            var items = body.GetProperty("items").EnumerateArray().ToArray();
            all.AddRange(items);
            if (items.Length < 200) return all.ToArray();
        }
    }

    /// <summary>The assertions every scenario makes: nothing lost, nothing doubled, everything expected there once.</summary>
    public static void ShouldBeWhole(this Reckoning r, int expectedAcknowledged)
    {
        r.EventsAcknowledged.ShouldBe(expectedAcknowledged, r.ToString());
        r.EventsLost.ShouldBe(0, r.ToString());
        r.EventsDuplicated.ShouldBe(0, r.ToString());
        r.SystemMissesStored.ShouldBe(r.SystemMissesExpected, r.ToString());
        r.AlertsMissing.ShouldBe(0, r.ToString());
        r.AlertsDuplicated.ShouldBe(0, r.ToString());
        r.AlertsUnexpected.ShouldBe(0, r.ToString());
        r.AlertsWithoutEvidence.ShouldBe(0, r.ToString());
        r.AlertsRaised.ShouldBe(r.AlertsExpected, r.ToString());
        r.EscalationsRecorded.ShouldBe(r.EscalationsExpected, r.ToString());
        r.DeliveryKeysMissing.ShouldBe(0, r.ToString());
        r.DeliveryKeys.ShouldBe(r.AlertChanges, r.ToString());
        r.PatientsNotDetected.ShouldBe(0, r.ToString());
    }
}
