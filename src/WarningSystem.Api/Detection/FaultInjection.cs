namespace WarningSystem.Detection;

/// <summary>
/// Test-only fault injection: with <c>Faults:ThrowingRuleForPatient</c> set, an extra rule throws whenever it judges
/// that patient's history, as a rule with a bug would, so the fault suite can prove that one patient's failing
/// evaluation stops no one else's and can be re-driven once "fixed" (the service started again without the key).
/// Unset, nothing is registered. Deliberately not a public static field: <see cref="RuleSet.BuiltIn"/> would find it.
/// </summary>
public static class FaultInjection
{
    public const string ThrowingRuleForPatientKey = "Faults:ThrowingRuleForPatient";
    public const string ThrowingRuleId = "fault-injection-throws";

    public sealed record Settings(bool Enabled = true);

    public static Rule? ThrowingRule(IConfiguration configuration) =>
        configuration[ThrowingRuleForPatientKey] is { Length: > 0 } patientId
            ? new Rule<Settings>(ThrowingRuleId, version: 1, Severity.Medium, weight: 0,
                "Fault injection for tests: throws for one configured patient, finds nothing for any other.",
                new Settings(), windowDays: _ => 0,
                (history, _) => history.PatientId == patientId ? Fail() : null)
            : null;

    static Finding Fail() => throw new InvalidOperationException("Injected fault: this rule always fails for the configured patient.");
}
