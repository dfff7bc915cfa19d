using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Ingest;

[Collection(ServiceCollection.Name)]
public class ingesting_each_event_type(ServiceFixture service)
{
    public static TheoryData<string, string> Events => new()
    {
        { "TreatmentPlanPrescribed", """{"drug":"ketamine","route":"IV","doseMgPerKg":0.5,"maxSessionsPerWeek":2,"prescriber":"dr-a"}""" },
        { "RiskScreeningRecorded", """{"instrument":"DAST-10","score":4,"substanceUseHistory":true,"familyHistory":false,"recreationalUse":true}""" },
        { "SessionAttended", """{"sessionId":"s-1","scheduled":false,"appointmentId":"ap-9"}""" },
        { "DoseGiven", """{"sessionId":"s-1","drug":"ketamine","route":"IM","doseMg":40,"weightKg":80,"doseMgPerKg":0.5}""" },
        { "CravingReported", """{"intensity":7,"duringSession":false}""" },
        { "OffScheduleRequest", """{"kind":"earlier-session","channel":"portal"}""" },
        { "MissedFollowUp", """{"appointmentId":"ap-1","scheduledFor":"2026-11-18T09:00:00+00:00"}""" },
        { "WithdrawalSymptomsReported", """{"symptoms":["irritability","anxiety"],"severity":"severe"}""" },
        { "DoseIncreaseAuthorized", """{"newDoseMgPerKg":0.75,"authorizedBy":"dr-b"}""" },
        // Far ahead, so the service's own check cannot add a miss to the stream while the test reads it.
        { "FollowUpScheduled", """{"appointmentId":"ap-2","scheduledFor":"2099-01-05T09:00:00+00:00"}""" },
        { "FollowUpCancelled", """{"appointmentId":"ap-2","reason":"patient request"}""" },
        { "EventVoided", """{"voidedEventId":"ehr-000123","reason":"recorded for the wrong patient"}""" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task is_stored_and_read_back_with_its_data_and_both_times(string type, string data)
    {
        var clinic = Api.NewClinic();
        var occurredAt = new DateTimeOffset(2026, 11, 1, 8, 30, 0, TimeSpan.Zero);
        var envelope = Api.Event("patient-1", type, JsonDocument.Parse(data).RootElement, occurredAt);

        var response = await service.Client.PostEvent(clinic, envelope);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var receipt = await response.Body();
        receipt.GetProperty("eventId").GetString().ShouldBe(envelope["eventId"]!.GetValue<string>());
        receipt.GetProperty("patientId").GetString().ShouldBe("patient-1");
        receipt.GetProperty("version").GetInt64().ShouldBe(1);
        receipt.GetProperty("sequence").GetInt64().ShouldBeGreaterThan(0);

        var stored = (await service.Client.PatientEvents(clinic, "patient-1")).EnumerateArray().ShouldHaveSingleItem();
        stored.GetProperty("type").GetString().ShouldBe(type);
        stored.GetProperty("sequence").GetInt64().ShouldBe(receipt.GetProperty("sequence").GetInt64());
        stored.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(occurredAt);
        stored.GetProperty("recordedAt").GetDateTimeOffset().ShouldBeGreaterThan(occurredAt);
        stored.GetProperty("recordedBy").GetString().ShouldBe("ehr-test");
        JsonElement.DeepEquals(stored.GetProperty("data"), JsonDocument.Parse(data).RootElement).ShouldBeTrue(
            $"stored {stored.GetProperty("data")} differs from posted {data}");
    }

    [Fact]
    public async Task a_dose_without_mg_per_kg_is_stored_with_it_derived()
    {
        var clinic = Api.NewClinic();

        await service.Client.PostEvent(clinic, Api.Event("p", "DoseGiven",
            new { sessionId = "s", drug = "ketamine", route = "IV", doseMg = 35, weightKg = 70 }));

        var stored = (await service.Client.PatientEvents(clinic, "p"))[0];
        stored.GetProperty("data").GetProperty("doseMgPerKg").GetDecimal().ShouldBe(0.5m);
    }
}
