using System.Diagnostics.Metrics;
using Marten.Services;
using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>
/// What the alert side counts, from the alert events once they are committed: alerts raised by rule and severity,
/// every change of an alert by kind, and how long after an event was committed an alert recorded what it found.
/// </summary>
public sealed class AlertTelemetry : DocumentSessionListenerBase
{
    static readonly Counter<long> Raised = TelemetrySetup.Meter.CreateCounter<long>("warningsystem.alerts.raised", "{alert}",
        "Alerts raised, by rule and severity");

    static readonly Counter<long> Changes = TelemetrySetup.Meter.CreateCounter<long>("warningsystem.alerts.changes", "{change}",
        "Changes recorded on alerts, by kind (AlertRaised, AlertAcknowledged, AlertEscalated, ...)");

    static readonly Histogram<double> DetectionLag = TelemetrySetup.Meter.CreateHistogram("warningsystem.detection.lag", "s",
        "From the commit of a patient event to the alert change recorded for what detection found at it, by rule",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            if (!AlertsSetup.EventTypes.Contains(e.EventType)) continue;
            Changes.Add(1, new KeyValuePair<string, object?>("change", e.EventType.Name));
            if (e.Data is AlertRaised raised)
                Raised.Add(1, new KeyValuePair<string, object?>("rule", raised.RuleId),
                    new KeyValuePair<string, object?>("severity", JsonNames.Of(raised.Severity)));
        }
        return Task.CompletedTask;
    }

    /// <summary>Recorded when a finding changed an alert; findings from before this measure existed carry no commit time.</summary>
    public static void Detected(FindingDetected finding, DateTimeOffset recordedAt)
    {
        if (finding.TriggerCommittedAt is { } committed)
            DetectionLag.Record(Math.Max(0, (recordedAt - committed).TotalSeconds), new KeyValuePair<string, object?>("rule", finding.RuleId));
    }
}
