namespace WarningSystem.Detection;

/// <summary>Every detection rule, ordered by id; the behavioural ones are those the composite weighs.</summary>
public static class RuleCatalog
{
    public static readonly IReadOnlyList<Rule> All = new[]
    {
        CravingOutsideSession.Rule, DoseAboveAuthorized.Rule, ElevatedMisuseRisk.Rule, FrequencyAbovePlan.Rule,
        MissedFollowUps.Rule, OffScheduleRequests.Rule, ToleranceEscalation.Rule, WithdrawalSigns.Rule,
    }.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    /// <summary>All rules but the composite, which is built from them.</summary>
    public static readonly IReadOnlyList<Rule> Behavioural = All.Where(r => r.Id != ElevatedMisuseRisk.Id).ToList();

    public static Rule ById(string id) =>
        All.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"No detection rule with id '{id}'.");
}
