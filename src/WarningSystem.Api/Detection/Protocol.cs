namespace WarningSystem.Detection;

/// <summary>
/// A clinic's detection thresholds, one settings record per rule. Every value has the documented default;
/// a clinic overrides what it needs through the protocol endpoint. Day windows are exclusive:
/// "within 7 days" means less than 7×24 hours apart.
/// </summary>
public sealed record Protocol
{
    public DoseAboveAuthorizedSettings DoseAboveAuthorized { get; init; } = new();
    public ToleranceEscalationSettings ToleranceEscalation { get; init; } = new();
    public FrequencyAbovePlanSettings FrequencyAbovePlan { get; init; } = new();
    public OffScheduleRequestsSettings OffScheduleRequests { get; init; } = new();
    public CravingOutsideSessionSettings CravingOutsideSession { get; init; } = new();
    public MissedFollowUpsSettings MissedFollowUps { get; init; } = new();
    public WithdrawalSignsSettings WithdrawalSigns { get; init; } = new();
    public ElevatedMisuseRiskSettings ElevatedMisuseRisk { get; init; } = new();

    /// <summary>How long an open alert may wait for acknowledgement before it goes up a level.</summary>
    public EscalationSettings Escalation { get; init; } = new();

    /// <summary>Raise behavioural alerts one level when the latest risk screening shows a risk factor.</summary>
    public bool RiskModulation { get; init; } = true;

    /// <summary>Not a rule: how long after a scheduled follow-up the service waits for attendance before recording a miss.</summary>
    public FollowUpSettings FollowUps { get; init; } = new();

    public static readonly Protocol Default = new();
}

public sealed record DoseAboveAuthorizedSettings(
    decimal TolerancePercent = 10, decimal CeilingMgPerKg = 0.8m, decimal CeilingEsketamineMg = 84, decimal EsketamineStepMg = 28);

public sealed record ToleranceEscalationSettings(int Rises = 3, int WindowDays = 30, decimal FirstDoseMultiple = 1.5m);

public sealed record FrequencyAbovePlanSettings(int DefaultMaxSessionsPerWeek = 2, int WindowDays = 7, int HighWhenOverBy = 2);

public sealed record OffScheduleRequestsSettings(int Count = 2, int WindowDays = 14, int HighCount = 3);

public sealed record CravingOutsideSessionSettings(
    int HighIntensity = 7, int ModerateIntensity = 4, int ModerateCount = 2, int WindowDays = 7, int SessionHours = 4);

public sealed record MissedFollowUpsSettings(int Count = 2, int WindowDays = 30);

public sealed record WithdrawalSignsSettings(int SymptomCount = 2);

/// <summary>
/// The composite: each behavioural rule that fired in the window adds its weight once; a documented risk factor
/// in the latest screening adds <paramref name="RiskFactorWeight"/>. Fires when the score reaches the threshold.
/// </summary>
public sealed record ElevatedMisuseRiskSettings(
    int WindowDays = 30, int Threshold = 6, int DoseAboveAuthorizedWeight = 3, int ToleranceEscalationWeight = 2,
    int FrequencyAbovePlanWeight = 2, int OffScheduleRequestsWeight = 2, int CravingOutsideSessionWeight = 2,
    int MissedFollowUpsWeight = 1, int WithdrawalSignsWeight = 2, int RiskFactorWeight = 2);

/// <summary>
/// An open alert not acknowledged within <paramref name="HighHours"/> (high and critical) or
/// <paramref name="MediumHours"/> (medium) goes to the prescriber; <paramref name="NextLevelHours"/> later, still
/// unacknowledged, to the medical director. Hours may be fractional.
/// </summary>
public sealed record EscalationSettings(decimal HighHours = 4, decimal MediumHours = 24, decimal NextLevelHours = 4);

/// <summary>A follow-up with no attendance by <paramref name="GraceHours"/> after its scheduled time is recorded as missed.</summary>
public sealed record FollowUpSettings(int GraceHours = 24);
