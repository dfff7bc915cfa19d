// Firely's model marks its elements nullable; the assertions below fail on a missing one anyway.
#nullable disable warnings
using System.Net;
using Hl7.Fhir.Model;
using static WarningSystem.IntegrationTests.Fhir.FhirResources;
using Task = System.Threading.Tasks.Task;

namespace WarningSystem.IntegrationTests.Fhir;

[Collection(ServiceCollection.Name)]
public class reading_alerts_as_fhir(ServiceFixture service)
{
    static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-2).Date;

    // An observation's id names its event within the clinic: each patient's needs its own.
    // An alert is raised at its evidence's time.
    async Task<string> AlertFromFhir(string clinic, string patient, string observation = "obs-w1", int hour = 20)
    {
        var answer = await (await service.Client.PostFhir(clinic, Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch,
            Withdrawal(patient, observation, Day.AddHours(hour))))).Read<Bundle>();
        answer.ShouldBeValidR4();
        var alerts = await service.Client.WaitForRule(clinic, patient, "withdrawal-signs");
        return alerts.Single().GetProperty("alertId").GetString()!;
    }

    [Fact]
    public async Task an_alert_is_a_valid_detected_issue_pointing_at_the_resource_it_came_from()
    {
        var clinic = Api.NewClinic();
        var alertId = await AlertFromFhir(clinic, "p1");

        var search = await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue?patient=p1&status=open");
        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bundle = await search.Read<Bundle>();
        bundle.ShouldBeValidR4();
        bundle.Type.ShouldBe(Hl7.Fhir.Model.Bundle.BundleType.Searchset);
        bundle.Total.ShouldBe(1);
        var issue = (DetectedIssue)bundle.Entry.Single().Resource;
        issue.Id.ShouldBe(alertId);
        issue.Status.ShouldBe(ObservationStatus.Preliminary);
        issue.Patient.Reference.ShouldBe("Patient/p1");
        issue.Code.Coding.Single().Code.ShouldBe("withdrawal-signs");
        issue.Implicated.Select(r => r.Reference).ShouldBe(["Observation/obs-w1/_history/1"]);
        issue.Detail.ShouldNotBeNullOrWhiteSpace();

        var read = await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue/{alertId}");
        (await read.Read<DetectedIssue>()).Id.ShouldBe(alertId);

        (await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue?patient=someone-else")).Read<Bundle>())
            .Total.ShouldBe(0);

        // page × _count past int's range: an empty page of the same total, not an overflow back to the first page.
        var far = await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue?patient=p1&page=1894521513&_count=36")).Read<Bundle>();
        far.Total.ShouldBe(1);
        far.Entry.ShouldBeEmpty();
        far.Link.ShouldNotContain(l => l.Relation == "next");
    }

    [Fact]
    public async Task the_flag_is_active_while_an_alert_is_open_and_the_resolution_is_a_mitigation()
    {
        var clinic = Api.NewClinic();
        var alertId = await AlertFromFhir(clinic, "p2");

        var active = await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/Flag?patient=p2")).Read<Bundle>();
        active.ShouldBeValidR4();
        ((Flag)active.Entry.Single().Resource).Status.ShouldBe(Flag.FlagStatus.Active);

        (await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/resolve",
            Api.Json("""{ "by": "dr-lee", "resolution": "false-positive" }"""))).EnsureSuccessStatusCode();

        var inactive = await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/Flag?patient=p2")).Read<Bundle>();
        inactive.ShouldBeValidR4();
        ((Flag)inactive.Entry.Single().Resource).Status.ShouldBe(Flag.FlagStatus.Inactive);
        var issue = await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue/{alertId}")).Read<DetectedIssue>();
        issue.ShouldBeValidR4();
        issue.Status.ShouldBe(ObservationStatus.Cancelled);
        issue.Mitigation.Single().Action.Coding.Single().Code.ShouldBe("false-positive");
        (await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/Flag")).Read<Bundle>()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task searches_filter_by_fhir_status_and_page_with_totals_and_next_links()
    {
        var clinic = Api.NewClinic();
        var open = await AlertFromFhir(clinic, "pa", "obs-a", hour: 18);
        var cancelled = await AlertFromFhir(clinic, "pb", "obs-b", hour: 19);
        var final = await AlertFromFhir(clinic, "pc", "obs-c", hour: 20);
        (await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{cancelled}/resolve",
            Api.Json("""{ "by": "dr-lee", "resolution": "false-positive" }"""))).EnsureSuccessStatusCode();
        (await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{final}/acknowledge", Api.Json("""{ "by": "coord" }""")))
            .EnsureSuccessStatusCode();

        async Task<Bundle> Search(string resource, string query)
        {
            var bundle = await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/{resource}?{query}")).Read<Bundle>();
            bundle.ShouldBeValidR4();
            return bundle;
        }
        static string[] Ids(Bundle bundle) => bundle.Entry.Select(e => e.Resource.Id).ToArray();

        foreach (var (status, id) in new[] { ("preliminary", open), ("cancelled", cancelled), ("final", final) })
        {
            var byStatus = await Search("DetectedIssue", $"status={status}");
            byStatus.Total.ShouldBe(1, status);
            Ids(byStatus).ShouldBe([id], status);
        }
        (await Search("DetectedIssue", "status=final&patient=pb")).Total.ShouldBe(0);
        (await Search("DetectedIssue", "status=cancelled&patient=Patient/pb")).Total.ShouldBe(1);

        // Newest first, two to a page.
        var first = await Search("DetectedIssue", "_count=2");
        first.Total.ShouldBe(3);
        Ids(first).ShouldBe([final, cancelled]);
        var next = first.Link.Single(l => l.Relation == "next").Url;
        var second = await (await service.Client.GetAsync(next)).Read<Bundle>();
        Ids(second).ShouldBe([open]);
        second.Link.ShouldNotContain(l => l.Relation == "next");

        // The clinic's active flags, by patient id, a page at a time: pb's only alert is resolved.
        var flags = await Search("Flag", "_count=1");
        flags.Total.ShouldBe(2);
        Ids(flags).ShouldBe(["misuse-pa"]);
        var secondFlag = await (await service.Client.GetAsync(flags.Link.Single(l => l.Relation == "next").Url)).Read<Bundle>();
        Ids(secondFlag).ShouldBe(["misuse-pc"]);
        ((Flag)secondFlag.Entry.Single().Resource).Status.ShouldBe(Flag.FlagStatus.Active);
        secondFlag.Link.ShouldNotContain(l => l.Relation == "next");
        (await Search("Flag", "patient=pb")).Total.ShouldBe(1);

        var badCount = await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/Flag?_count=0");
        badCount.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badCount.Read<OperationOutcome>()).ShouldBeValidR4();
    }

    [Fact]
    public async Task the_capability_statement_is_valid_and_names_what_is_supported()
    {
        var response = await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/fhir/metadata");

        var statement = await response.Read<CapabilityStatement>();
        statement.ShouldBeValidR4();
        statement.FhirVersion.ShouldBe(FHIRVersion.N4_0_1);
        statement.Rest.Single().Resource.Select(r => r.Type).ShouldBe(
            ["DetectedIssue", "Flag", "Encounter", "MedicationAdministration", "MedicationRequest", "Appointment", "Observation", "QuestionnaireResponse"]);
    }

    [Fact]
    public async Task errors_are_valid_operation_outcomes()
    {
        var clinic = Api.NewClinic();
        var missing = await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue/alert-nope");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Read<OperationOutcome>()).ShouldBeValidR4();

        var badStatus = await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue?status=nonsense");
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badStatus.Read<OperationOutcome>()).ShouldBeValidR4();

        var malformed = await service.Client.PostAsync($"/api/clinics/{clinic}/fhir", Content("{\"resourceType\": \"Encounter\", \"status\": 5}"));
        (await malformed.Read<OperationOutcome>()).ShouldBeValidR4();

        var rejected = await service.Client.PostFhir(clinic, Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch,
            Craving("p3", "c1", Day, 42), Encounter("p3", "e1", Day)));
        (await rejected.Read<Bundle>()).ShouldBeValidR4();
    }
}
