using JasperFx.Events;
using System.Text.Json.Serialization;
using WarningSystem.Detection;

namespace WarningSystem.Alerts;

public enum AlertStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("acknowledged")] Acknowledged,
    [JsonStringEnumMemberName("snoozed")] Snoozed,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

/// <summary>
/// An alert as coordinators and auditors read it, folded from its own stream. Inline, so the handler that
/// records findings reads its own writes and never opens a second alert for the same patient and rule.
/// </summary>
public sealed record Alert
{
    /// <summary>The alert id; "alertId" in JSON, as coordinators and webhooks name it.</summary>
    [JsonPropertyName("alertId")] public string Id { get; init; } = "";
    public string ClinicId { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string RuleId { get; init; } = "";
    public int RuleVersion { get; init; }
    public Severity Severity { get; init; }
    public AlertStatus Status { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset DetectedAt { get; init; }
    public DateTimeOffset LastTriggeredAt { get; init; }
    public string Summary { get; init; } = "";
    public string Explanation { get; init; } = "";
    public IReadOnlyList<AlertEvidence> Evidence { get; init; } = [];
    public long ProtocolVersion { get; init; }
    public int EscalationLevel { get; init; }
    public string? EscalatedTo { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? SnoozedUntil { get; init; }
    public string? ResolvedBy { get; init; }
    public Resolution? Resolution { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>How often clinicians accepted or overrode the alert's card in the EHR (CDS Hooks feedback).</summary>
    public int CardsAccepted { get; init; }
    public int CardsOverridden { get; init; }
    /// <summary>Every evidence event was voided after the alert was raised (see its timeline).</summary>
    public bool EvidenceVoided { get; init; }
    /// <summary>
    /// The alert stream's version, counted here: appends are server-side (quick) appends, so inline projections do
    /// not see the version the database assigns, and a member named Version would be overwritten with it.
    /// </summary>
    [JsonPropertyName("version")] public long StreamVersion { get; init; }

    [JsonIgnore] public bool IsOpen => Status != AlertStatus.Resolved;

    public static Alert Create(IEvent<AlertRaised> e) => new()
    {
        Id = e.Data.AlertId, ClinicId = e.TenantId, PatientId = e.Data.PatientId, RuleId = e.Data.RuleId,
        RuleVersion = e.Data.RuleVersion, Severity = e.Data.Severity, Status = AlertStatus.Open,
        RaisedAt = e.Data.RaisedAt, DetectedAt = e.Data.DetectedAt, LastTriggeredAt = e.Data.RaisedAt,
        Summary = e.Data.Summary, Explanation = e.Data.Explanation, Evidence = e.Data.Evidence,
        ProtocolVersion = e.Data.ProtocolVersion, StreamVersion = 1,
    };

    public Alert Apply(IEvent<AlertEvidenceAdded> e) => this with
    {
        Evidence = [.. Evidence, .. e.Data.Evidence],
        LastTriggeredAt = e.Data.TriggeredAt > LastTriggeredAt ? e.Data.TriggeredAt : LastTriggeredAt,
        Summary = e.Data.Summary, Explanation = e.Data.Explanation, StreamVersion = StreamVersion + 1,
    };

    public Alert Apply(IEvent<AlertSeverityRaised> e) => this with { Severity = e.Data.To, StreamVersion = StreamVersion + 1 };

    public Alert Apply(IEvent<AlertEvidenceVoided> e) => this with { EvidenceVoided = true, StreamVersion = StreamVersion + 1 };

    public Alert Apply(IEvent<AlertCardFeedback> e) => this with
    {
        CardsAccepted = CardsAccepted + (e.Data.Outcome == CardOutcome.Accepted ? 1 : 0),
        CardsOverridden = CardsOverridden + (e.Data.Outcome == CardOutcome.Overridden ? 1 : 0),
        StreamVersion = StreamVersion + 1,
    };

    public Alert Apply(IEvent<AlertAcknowledged> e) => this with
    {
        Status = AlertStatus.Acknowledged, AcknowledgedBy = e.Data.By, AcknowledgedAt = e.Data.At, SnoozedUntil = null,
        StreamVersion = StreamVersion + 1,
    };

    public Alert Apply(IEvent<AlertSnoozed> e) => this with
    {
        Status = AlertStatus.Snoozed, SnoozedUntil = e.Data.Until, StreamVersion = StreamVersion + 1,
    };

    public Alert Apply(IEvent<AlertSnoozeExpired> e) => this with
    {
        Status = AlertStatus.Open, SnoozedUntil = null, StreamVersion = StreamVersion + 1,
    };

    public Alert Apply(IEvent<AlertEscalated> e) => this with
    {
        EscalationLevel = e.Data.Level, EscalatedTo = e.Data.To, StreamVersion = StreamVersion + 1,
    };

    public Alert Apply(IEvent<AlertResolved> e) => this with
    {
        Status = AlertStatus.Resolved, ResolvedBy = e.Data.By, Resolution = e.Data.Resolution, ResolvedAt = e.Data.At,
        SnoozedUntil = null, StreamVersion = StreamVersion + 1,
    };
}
