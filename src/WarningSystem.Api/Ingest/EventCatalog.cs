namespace WarningSystem.Ingest;

/// <summary>The event types integrations may post, by the public name used in the API's "type" field.</summary>
public static class EventCatalog
{
    public static readonly IReadOnlyDictionary<string, Type> Types = new[]
    {
        typeof(TreatmentPlanPrescribed), typeof(RiskScreeningRecorded), typeof(SessionAttended), typeof(DoseGiven),
        typeof(CravingReported), typeof(OffScheduleRequest), typeof(MissedFollowUp),
        typeof(WithdrawalSymptomsReported), typeof(DoseIncreaseAuthorized),
        typeof(FollowUpScheduled), typeof(FollowUpCancelled), typeof(EventVoided),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static string NameOf(Type type) => type.Name;
}
