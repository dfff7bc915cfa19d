// Firely's model marks its elements nullable; the assertions below fail on a missing one anyway.
#nullable disable warnings
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using static WarningSystem.IntegrationTests.Fhir.FhirResources;

namespace WarningSystem.IntegrationTests.Fhir;

[Collection(ServiceCollection.Name)]
public class ingesting_fhir(ServiceFixture service)
{
    static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-3).Date;

    static string[] Types(JsonElement events) =>
        events.EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray();

    [Fact]
    public async Task a_bundle_of_each_resource_type_becomes_the_events()
    {
        var clinic = Api.NewClinic();
        var bundle = Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch,
            Order("p1", "mr1", Day.AddHours(8), 0.5m, 2),
            Appointment("p1", "ap1", Hl7.Fhir.Model.Appointment.AppointmentStatus.Booked, Day.AddHours(10), Day.AddHours(8)),
            Encounter("p1", "enc1", Day.AddHours(10), "ap1"),
            Dose("p1", "ma1", Day.AddHours(10.5), 35, "enc1", weightKg: 70),
            Craving("p1", "obs-c1", Day.AddHours(22), 4),
            Dast10("p1", "obs-d1", Day.AddHours(9), 3),
            Withdrawal("p1", "obs-w1", Day.AddHours(23), "6736007"),
            Appointment("p1", "ap2", Hl7.Fhir.Model.Appointment.AppointmentStatus.Proposed, Day.AddDays(1), Day.AddHours(23.5)));

        var response = await service.Client.PostFhir(clinic, bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await response.Read<Bundle>();
        answer.Type.ShouldBe(Hl7.Fhir.Model.Bundle.BundleType.BatchResponse);
        answer.Entry.Select(e => e.Response.Status).ShouldAllBe(s => s == "201 Created");
        var events = await service.Client.PatientEvents(clinic, "p1");
        Types(events).Order().ShouldBe(new[]
        {
            "CravingReported", "DoseGiven", "FollowUpScheduled", "OffScheduleRequest", "RiskScreeningRecorded",
            "SessionAttended", "TreatmentPlanPrescribed", "WithdrawalSymptomsReported",
        });
        var dose = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "DoseGiven");
        dose.GetProperty("eventId").GetString().ShouldBe("MedicationAdministration/ma1/_history/1");
        dose.GetProperty("data").GetProperty("sessionId").GetString().ShouldBe("enc1");
        dose.GetProperty("data").GetProperty("weightKg").GetDecimal().ShouldBe(70m);
        dose.GetProperty("data").GetProperty("doseMgPerKg").GetDecimal().ShouldBe(0.5m);
        var session = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "SessionAttended");
        session.GetProperty("data").GetProperty("appointmentId").GetString().ShouldBe("ap1");
    }

    [Fact]
    public async Task a_severe_withdrawal_observation_raises_its_alert()
    {
        var clinic = Api.NewClinic();

        (await service.Client.PostFhir(clinic, Withdrawal("p2", "obs-w2", Day.AddHours(20)))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var alerts = await service.Client.WaitForRule(clinic, "p2", "withdrawal-signs");
        alerts.Single().EvidenceIds().ShouldBe(["Observation/obs-w2/_history/1"]);
    }

    [Fact]
    public async Task a_higher_dose_replacing_an_earlier_order_is_a_dose_increase()
    {
        var clinic = Api.NewClinic();
        (await service.Client.PostFhir(clinic, Order("p3", "mr1", Day, 0.5m, 2))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await service.Client.PostFhir(clinic, Bundle(Hl7.Fhir.Model.Bundle.BundleType.Transaction,
            Order("p3", "mr2", Day.AddDays(1), 0.7m, 2, prior: "mr1")));

        (await response.Read<Bundle>()).Type.ShouldBe(Hl7.Fhir.Model.Bundle.BundleType.TransactionResponse);
        Types(await service.Client.PatientEvents(clinic, "p3")).ShouldBe(["TreatmentPlanPrescribed", "DoseIncreaseAuthorized"]);
    }

    [Fact]
    public async Task a_wrong_code_is_an_operation_outcome_naming_the_element_and_nothing_of_that_entry_is_stored()
    {
        var clinic = Api.NewClinic();
        var bundle = Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch,
            Dose("p4", "ma1", Day, 35, "enc1", routeCode: "12345"),
            Encounter("p4", "enc1", Day),
            new Patient { Id = "p4" },
            new Condition { Id = "c1", Subject = new ResourceReference("Patient/p4") });

        var answer = await (await service.Client.PostFhir(clinic, bundle)).Read<Bundle>();

        answer.Entry.Select(e => e.Response.Status[..3]).ShouldBe(["422", "201", "200", "422"]);
        var outcome = (OperationOutcome)answer.Entry[0].Response.Outcome;
        outcome.Issue.Single().Expression.ShouldBe(["MedicationAdministration.dosage.route"]);
        ((OperationOutcome)answer.Entry[3].Response.Outcome).Issue.Single().Code.ShouldBe(OperationOutcome.IssueType.NotSupported);
        Types(await service.Client.PatientEvents(clinic, "p4")).ShouldBe(["SessionAttended"]);
    }

    [Fact]
    public async Task a_transaction_with_a_bad_entry_stores_nothing()
    {
        var clinic = Api.NewClinic();
        var bad = Craving("p5", "obs-c1", Day, 42);
        var bundle = Bundle(Hl7.Fhir.Model.Bundle.BundleType.Transaction, Encounter("p5", "enc1", Day), bad);

        var response = await service.Client.PostFhir(clinic, bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var outcome = await response.Read<OperationOutcome>();
        outcome.Issue.Single().Expression.ShouldBe(["Bundle.entry[1].resource.value"]);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p5/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2]")]
    [InlineData("{\"resourceType\": \"NoSuchThing\"}")]
    [InlineData("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [{\"resource\": {\"resourceType\": \"Encounter\", \"status\": 5}}]}")]
    [InlineData("{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"entry\": []}")]
    public async Task malformed_input_is_a_400_operation_outcome(string body)
    {
        var clinic = Api.NewClinic();

        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/fhir", Content(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Read<OperationOutcome>()).Issue.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task a_malformed_element_is_located()
    {
        var response = await service.Client.PostAsync($"/api/clinics/{Api.NewClinic()}/fhir",
            Content("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [{\"resource\": {\"resourceType\": \"Encounter\", \"status\": 5}}]}"));

        var outcome = await response.Read<OperationOutcome>();
        outcome.Issue.SelectMany(i => i.Expression).ShouldContain("Bundle.entry[0].resource.status");
    }

    [Fact]
    public async Task other_media_types_and_huge_bodies_are_refused_with_an_operation_outcome()
    {
        var clinic = Api.NewClinic();
        var plain = await service.Client.PostAsync($"/api/clinics/{clinic}/fhir", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        plain.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await plain.Read<OperationOutcome>()).Issue.ShouldNotBeEmpty();

        var huge = await service.Client.PostAsync($"/api/clinics/{clinic}/fhir", Content(new string(' ', 9 * 1024 * 1024) + "{}"));
        huge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task a_resubmitted_version_is_a_duplicate_and_a_new_version_is_a_correction()
    {
        var clinic = Api.NewClinic();
        var first = Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch, Dose("p6", "ma1", Day, 35, "enc1"));
        (await (await service.Client.PostFhir(clinic, first)).Read<Bundle>()).Entry[0].Response.Status.ShouldBe("201 Created");

        var again = await (await service.Client.PostFhir(clinic, first)).Read<Bundle>();
        again.Entry[0].Response.Status.ShouldBe("200 OK");
        (await service.Client.PatientEvents(clinic, "p6")).GetArrayLength().ShouldBe(1);

        var corrected = await (await service.Client.PostFhir(clinic, Dose("p6", "ma1", Day, 30, "enc1", version: "2"))).Read<Bundle>();
        corrected.Entry[0].Response.Status.ShouldBe("201 Created");
        var events = await service.Client.PatientEvents(clinic, "p6");
        Types(events).ShouldBe(["DoseGiven", "EventVoided", "DoseGiven"]);
        events[1].GetProperty("data").GetProperty("voidedEventId").GetString().ShouldBe("MedicationAdministration/ma1/_history/1");
        events[2].GetProperty("data").GetProperty("doseMg").GetDecimal().ShouldBe(30m);

        var resent = await (await service.Client.PostFhir(clinic, Dose("p6", "ma1", Day, 30, "enc1", version: "2"))).Read<Bundle>();
        resent.Entry[0].Response.Status.ShouldBe("200 OK");
        (await service.Client.PatientEvents(clinic, "p6")).GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task numbers_out_of_range_are_a_422_not_a_server_error()
    {
        var craving = Craving("p7", "obs-c1", Day, 1);
        craving.Value = new Quantity(100_000_000_000_000_000_000m, "{score}");
        var order = Order("p7", "mr1", Day, 0.5m, 2);
        order.DosageInstruction[0].Timing.Repeat.Period = 0.000000000000000000001m;

        var answer = await (await service.Client.PostFhir(Api.NewClinic(), Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch, craving, order))).Read<Bundle>();

        answer.Entry.Select(e => e.Response.Status[..3]).ShouldBe(["422", "422"]);
    }
}
