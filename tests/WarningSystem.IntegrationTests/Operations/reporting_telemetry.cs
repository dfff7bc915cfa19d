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
    public async Task ingest_counts_events_by_type_and_outcome_and_commits_by_size_and_duration()
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
        var phases = Points(metrics, "warningsystem.ingest.commit.duration");
        foreach (var phase in new[] { "lookup", "append" })
            phases.Where(p => Tag(p, "phase") == phase).Sum(p => p.GetHistogramSum()).ShouldBeGreaterThan(0, phase);
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
    public async Task one_trace_follows_an_event_from_the_ingest_request_to_the_webhook_it_causes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clinic = Api.NewClinic();
        await service.Client.Register(clinic, receiver.Url, receiver.Secret);
        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/clinics/{clinic}/events")
        {
            Content = Api.Json(Api.Event("p", "WithdrawalSymptomsReported", new { symptoms = Symptoms, severity = "severe" }).ToJsonString()),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        (await service.Client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var trace = await Webhooks.Until(() => service.Spans().Where(s => s.TraceId == traceId).ToList(),
            spans => spans.Any(s => s.Kind == ActivityKind.Client && s.GetTagItem("http.request.method") is "POST")
                     && spans.Any(s => s.DisplayName.Contains("deliver-webhook")),
            "the webhook's spans in the ingest request's trace");
        var names = trace.Select(s => s.DisplayName).ToList();
        trace.ShouldContain(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore", $"spans: {string.Join(", ", names)}");
        names.ShouldContain("detection.evaluate");
        names.ShouldContain(n => n.Contains("findings-detected"));
        names.ShouldContain("delivery.route");
        service.Spans().ShouldContain(s => s.DisplayName == "ingest.commit" && s.Links.Any(l => l.Context.TraceId == traceId),
            "the group commit links to the request");

        foreach (var span in trace)
        foreach (var (key, value) in span.TagObjects)
        foreach (var secret in Symptoms.Append(receiver.Url).Append(receiver.Secret))
            (value?.ToString() ?? "").ShouldNotContain(secret, Case.Insensitive, $"{span.DisplayName} {key}");
    }

    [Fact]
    public async Task prometheus_scrapes_the_service_metrics_without_a_credential()
    {
        (await service.Client.PostEvent(Api.NewClinic(), Api.Event("p", "CravingReported", new { intensity = 1 }))).EnsureSuccessStatusCode();
        var text = await Webhooks.Until(async () => await (await service.Anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            body => body.Contains("warningsystem_ingest_events"), "the ingest counter on /metrics");
        text.ShouldContain("warningsystem_subscription_lag");
        text.ShouldContain("dotnet_gc_last_collection_heap_size_bytes", customMessage: "the runtime's memory, for sizing a node");
    }

    [Fact]
    public void json_console_logs_carry_the_trace_and_span_ids()
    {
        var json = service.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        using var activity = new Activity("a-request").Start();
        var output = new StringWriter();

        json.Write(new LogEntry<string>(LogLevel.Information, "test", default, "hello", null, (s, _) => s),
            service.Scopes.Provider.ShouldNotBeNull(), output);

        output.ToString().ShouldContain($"\"TraceId\":\"{activity.TraceId}\"");
        output.ToString().ShouldContain($"\"SpanId\":\"{activity.SpanId}\"");
    }

    static List<MetricPoint> Points(IReadOnlyDictionary<string, MetricSnapshot> metrics, string name) =>
        metrics.TryGetValue(name, out var metric) ? metric.MetricPoints.ToList() : throw new ShouldAssertException($"no metric {name}; have {string.Join(", ", metrics.Keys)}");

    static IEnumerable<(string Key, string? Value)> Tags(MetricPoint point)
    {
        foreach (var tag in point.Tags) yield return (tag.Key, tag.Value?.ToString());
    }

    static string? Tag(MetricPoint point, string key) => Tags(point).FirstOrDefault(t => t.Key == key).Value;
}
