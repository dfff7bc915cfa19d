using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Operations;

/// <summary>
/// The service's own metrics and traces, as an exporter receives them: the expected names and tags, one trace from
/// an ingest request to the webhook it causes, and nothing clinical in either.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class reporting_telemetry(TelemetryFixture service)
{
    static readonly string[] Symptoms = ["anxiety", "insomnia"];

    [Fact]
    public async Task ingest_counts_events_by_type_and_outcome_and_commits_by_size()
    {
        var clinic = Api.NewClinic();
        var craving = Api.Event("p1", "CravingReported", new { intensity = 3 });
        var batch = await service.Client.PostBatch(clinic,
            [craving, Api.Event("p1", "CravingReported", new { intensity = 80 }), Api.Event("p1", "NoSuchType", new { })]);
        batch.EnsureSuccessStatusCode();
        (await service.Client.PostEvent(clinic, craving)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var metrics = service.Metrics();
        var events = Points(metrics, "warningsystem.ingest.events");
        foreach (var (type, outcome) in new[] { ("CravingReported", "accepted"), ("CravingReported", "rejected"), ("unknown", "rejected"), ("CravingReported", "duplicate") })
            events.Where(p => Tag(p, "event.type") == type && Tag(p, "outcome") == outcome).Sum(p => p.GetSumLong())
                .ShouldBeGreaterThan(0, $"{type} {outcome}");
        Points(metrics, "warningsystem.ingest.commit.size").Sum(p => p.GetHistogramCount()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task alerts_detection_lag_subscriptions_deliveries_and_follow_up_checks_are_measured_without_patient_ids()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clinic = Api.NewClinic();
        var patient = $"pt-{Guid.NewGuid():N}"[..16];
        await service.Client.Register(clinic, receiver.Url, receiver.Secret);

        await service.Client.PostEvent(clinic, Api.Event(patient, "WithdrawalSymptomsReported", new { symptoms = Symptoms, severity = "severe" }));
        var alert = (await service.Client.WaitForRule(clinic, patient, "withdrawal-signs")).Single();
        var acknowledged = await service.Client.PostAsJsonAsync(
            $"/api/clinics/{clinic}/alerts/{alert.GetProperty("alertId").GetString()}/acknowledge", new { by = "coord-1" });
        acknowledged.EnsureSuccessStatusCode();
        await Webhooks.Until(() => receiver.Accepted.Count, count => count >= 2, "the raised and acknowledged notices");
        await service.Client.PostEvent(clinic, Api.Event(patient, "FollowUpScheduled",
            new { appointmentId = "appt-1", scheduledFor = DateTimeOffset.UtcNow.AddDays(-3) }, DateTimeOffset.UtcNow.AddDays(-4)));
        await Webhooks.Until(() => service.Client.PatientEvents(clinic, patient),
            events => events.EnumerateArray().Any(e => e.GetProperty("type").GetString() == "MissedFollowUp"), "the recorded miss");

        var metrics = await Webhooks.Until(() => service.Metrics(),
            m => Points(m, "warningsystem.followups.checks").Any(p => Tag(p, "outcome") == "missed")
                 && Points(m, "warningsystem.webhooks.deliveries").Any(p => Tag(p, "outcome") == "delivered"),
            "the follow-up check and delivery counts");
        Points(metrics, "warningsystem.alerts.raised")
            .Where(p => Tag(p, "rule") == "withdrawal-signs" && Tag(p, "severity") == "medium").Sum(p => p.GetSumLong()).ShouldBeGreaterThan(0);
        foreach (var change in new[] { "AlertRaised", "AlertAcknowledged" })
            Points(metrics, "warningsystem.alerts.changes").Where(p => Tag(p, "change") == change).Sum(p => p.GetSumLong())
                .ShouldBeGreaterThan(0, change);
        Points(metrics, "warningsystem.detection.lag").Where(p => Tag(p, "rule") == "withdrawal-signs")
            .Sum(p => p.GetHistogramCount()).ShouldBeGreaterThan(0);
        Points(metrics, "warningsystem.subscription.lag").Select(p => Tag(p, "subscription"))
            .ShouldBe(["Detection", "FollowUps", "AlertDelivery"], ignoreOrder: true);
        Points(metrics, "warningsystem.dead_letters").ShouldHaveSingleItem().GetGaugeLastValueLong().ShouldBeGreaterThanOrEqualTo(0);

        var tags = metrics.Values.Where(m => m.Name.StartsWith("warningsystem.")).SelectMany(m => m.MetricPoints)
            .SelectMany(p => Tags(p)).ToList();
        tags.ShouldNotBeEmpty();
        foreach (var (key, value) in tags)
        {
            key.ShouldNotContain("patient");
            foreach (var secret in Symptoms.Append(patient).Append(clinic).Append(receiver.Url))
                (value ?? "").ShouldNotContain(secret, Case.Insensitive, $"{key} carries '{secret}'");
        }
    }

    [Fact]
    public async Task prometheus_scrapes_the_service_metrics_without_a_credential()
    {
        (await service.Client.PostEvent(Api.NewClinic(), Api.Event("p", "CravingReported", new { intensity = 1 }))).EnsureSuccessStatusCode();
        var text = await Webhooks.Until(async () => await (await service.Anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            body => body.Contains("warningsystem_ingest_events"), "the ingest counter on /metrics");
        text.ShouldContain("warningsystem_subscription_lag");
    }

    static List<MetricPoint> Points(IReadOnlyDictionary<string, MetricSnapshot> metrics, string name) =>
        metrics.TryGetValue(name, out var metric) ? metric.MetricPoints.ToList() : throw new ShouldAssertException($"no metric {name}; have {string.Join(", ", metrics.Keys)}");

    static IEnumerable<(string Key, string? Value)> Tags(MetricPoint point)
    {
        foreach (var tag in point.Tags) yield return (tag.Key, tag.Value?.ToString());
    }

    static string? Tag(MetricPoint point, string key) => Tags(point).FirstOrDefault(t => t.Key == key).Value;
}
