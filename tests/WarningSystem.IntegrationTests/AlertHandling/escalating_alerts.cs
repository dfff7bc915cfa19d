using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.AlertHandling;

/// <summary>Escalation with delays of seconds, set through the clinic protocol (hours may be fractional).</summary>
[Collection(ServiceCollection.Name)]
public class escalating_alerts(ServiceFixture service)
{
    async Task<string> ClinicWithEscalationAfter(double seconds)
    {
        var clinic = Api.NewClinic();
        var hours = seconds / 3600;
        var body = JsonSerializer.Serialize(new { changedBy = "admin", settings = new { escalation = new { highHours = hours, mediumHours = hours, nextLevelHours = hours } } });
        (await service.Client.PutAsync($"/api/clinics/{clinic}/protocol", Api.Json(body))).EnsureSuccessStatusCode();
        return clinic;
    }

    Task Withdrawal(string clinic, string patient) => service.Client.PostEvent(clinic, Api.Event(patient, "WithdrawalSymptomsReported",
        new { symptoms = new[] { "anxiety" }, severity = "severe" }));

    [Fact]
    public async Task an_unacknowledged_alert_goes_to_the_prescriber_then_the_medical_director()
    {
        var clinic = await ClinicWithEscalationAfter(1);
        await Withdrawal(clinic, "p");

        var alert = (await service.Client.WaitForAlerts(clinic, "p", a => a.Any(x => x.GetProperty("escalationLevel").GetInt32() == 2))).Single();

        alert.GetProperty("escalatedTo").GetString().ShouldBe("medical-director");
        var timeline = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alert.GetProperty("alertId").GetString()}/timeline")).Body();
        timeline.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "AlertEscalated")
            .Select(e => e.GetProperty("data").GetProperty("to").GetString()).ShouldBe(["prescriber", "medical-director"]);
    }

    [Fact]
    public async Task an_acknowledged_alert_does_not_escalate()
    {
        var clinic = await ClinicWithEscalationAfter(4);
        await Withdrawal(clinic, "acknowledged");
        var alertId = (await service.Client.WaitForRule(clinic, "acknowledged", "withdrawal-signs"))[0].GetProperty("alertId").GetString();
        var ack = await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/acknowledge", Api.Json("""{"by":"coord"}"""));
        ack.StatusCode.ShouldBe(HttpStatusCode.OK);

        // A second alert raised after the first, with the same delay, escalates after the first one's timer fired.
        await Withdrawal(clinic, "witness");
        await service.Client.WaitForAlerts(clinic, "witness", a => a.Any(x => x.GetProperty("escalationLevel").GetInt32() >= 1));

        var alert = (await service.Client.ForPatient(clinic, "acknowledged")).Single();
        alert.GetProperty("escalationLevel").GetInt32().ShouldBe(0);
        alert.GetProperty("status").GetString().ShouldBe("acknowledged");
    }
}
