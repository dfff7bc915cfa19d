using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>One patient's history to post, and what detection must make of it.</summary>
/// <param name="SystemMisses">Follow-up misses the service itself must record (MissedFollowUp from the follow-up checks).</param>
public sealed record History(string PatientId, IReadOnlyList<JsonObject> Events, IReadOnlySet<string> ExpectedRules, int SystemMisses = 0);

/// <summary>
/// Histories whose alerts are known: between them every rule fires at least once, each template fires exactly the
/// rules it names, and the fillers fire none. Event times lie in the last three weeks, so nothing is in the future.
/// </summary>
public static class Histories
{
    const decimal Weight = 70;

    /// <summary><paramref name="perTemplate"/> patients of each alerting template, and <paramref name="fillers"/> quiet patients.</summary>
    public static List<History> Mixed(int perTemplate, int fillers, DateTimeOffset now)
    {
        var day0 = now.AddDays(-20);
        var all = new List<History>();
        for (var i = 0; i < perTemplate; i++)
            foreach (var template in Templates) all.Add(template(Api.NewId("pt"), day0));
        for (var i = 0; i < fillers; i++) all.Add(Filler(Api.NewId("pt"), day0));
        return all;
    }

    public static readonly Func<string, DateTimeOffset, History>[] Templates =
    [
        DoseAboveAuthorized, ToleranceEscalation, FrequencyAbovePlan, OffScheduleRequests, CravingOutsideSession,
        MissedFollowUps, WithdrawalSigns, ElevatedMisuseRisk,
    ];

    static History DoseAboveAuthorized(string p, DateTimeOffset d) => new(p,
        [Plan(p, d, 2), Dose(p, d.AddDays(1), 49)], Rules("dose-above-authorized"));

    // 0.40, 0.44, 0.49, 0.53 mg/kg: three rises in a row, each within the authorized dose plus 10%, five days apart.
    static History ToleranceEscalation(string p, DateTimeOffset d) => new(p,
        [Plan(p, d, 2), Dose(p, d.AddDays(1), 28), Dose(p, d.AddDays(6), 31), Dose(p, d.AddDays(11), 34), Dose(p, d.AddDays(16), 37)],
        Rules("tolerance-escalation"));

    static History FrequencyAbovePlan(string p, DateTimeOffset d) => new(p,
        [Plan(p, d, 1), Dose(p, d.AddDays(1), 35), Dose(p, d.AddDays(3), 35), Dose(p, d.AddDays(5), 35)],
        Rules("frequency-above-plan"));

    static History OffScheduleRequests(string p, DateTimeOffset d) => new(p,
        [Request(p, d.AddDays(2)), Request(p, d.AddDays(6))], Rules("off-schedule-requests"));

    static History CravingOutsideSession(string p, DateTimeOffset d) => new(p,
        [Api.Event(p, "CravingReported", new { intensity = 8, duringSession = false }, d.AddDays(3))], Rules("craving-outside-session"));

    // Two follow-ups scheduled in the past and never attended: the service's own checks record both misses.
    static History MissedFollowUps(string p, DateTimeOffset d) => new(p,
        [FollowUp(p, d.AddDays(1), "appt-1", d.AddDays(5)), FollowUp(p, d.AddDays(2), "appt-2", d.AddDays(10))],
        Rules("missed-follow-ups"), SystemMisses: 2);

    static History WithdrawalSigns(string p, DateTimeOffset d) => new(p,
        [Withdrawal(p, d.AddDays(4))], Rules("withdrawal-signs"));

    // Dose 3 + craving 2 + withdrawal 2 = 7 within 30 days: the composite's threshold of 6 is reached.
    static History ElevatedMisuseRisk(string p, DateTimeOffset d) => new(p,
        [Plan(p, d, 2), Dose(p, d.AddDays(1), 49),
         Api.Event(p, "CravingReported", new { intensity = 8, duringSession = false }, d.AddDays(3)), Withdrawal(p, d.AddDays(4))],
        Rules("dose-above-authorized", "craving-outside-session", "withdrawal-signs", "elevated-misuse-risk"));

    /// <summary>Screenings without risk factors: events that must be stored and must raise nothing.</summary>
    public static History Filler(string p, DateTimeOffset d) => new(p,
        Enumerable.Range(0, 6).Select(i => Api.Event(p, "RiskScreeningRecorded",
            new { instrument = "KSET", score = 1, substanceUseHistory = false, familyHistory = false, recreationalUse = false },
            d.AddDays(i))).ToList(), Rules());

    static JsonObject Plan(string p, DateTimeOffset at, int perWeek) => Api.Event(p, "TreatmentPlanPrescribed",
        new { drug = "ketamine", route = "IV", doseMgPerKg = 0.5m, maxSessionsPerWeek = perWeek, prescriber = "dr-plan" }, at);

    static JsonObject Dose(string p, DateTimeOffset at, decimal mg) => Api.Event(p, "DoseGiven",
        new { sessionId = Api.NewId("s"), drug = "ketamine", route = "IV", doseMg = mg, weightKg = Weight }, at);

    static JsonObject Request(string p, DateTimeOffset at) => Api.Event(p, "OffScheduleRequest",
        new { kind = "extra-session", channel = "phone" }, at);

    static JsonObject Withdrawal(string p, DateTimeOffset at) => Api.Event(p, "WithdrawalSymptomsReported",
        new { symptoms = new[] { "anxiety" }, severity = "moderate" }, at);

    static JsonObject FollowUp(string p, DateTimeOffset at, string appointment, DateTimeOffset scheduledFor) => Api.Event(p, "FollowUpScheduled",
        new { appointmentId = appointment, scheduledFor = scheduledFor.ToString("O") }, at);

    static IReadOnlySet<string> Rules(params string[] ids) => ids.ToHashSet();
}
