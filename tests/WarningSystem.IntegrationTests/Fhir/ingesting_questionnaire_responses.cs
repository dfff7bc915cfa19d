// Firely's model marks its elements nullable; the assertions below fail on a missing one anyway.
#nullable disable warnings
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using static WarningSystem.IntegrationTests.Fhir.FhirResources;

namespace WarningSystem.IntegrationTests.Fhir;

[Collection(ServiceCollection.Name)]
public class ingesting_questionnaire_responses(ServiceFixture service)
{
    static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-3).Date;
    const string Local = "https://warningsystem.example.org/fhir/CodeSystem/observation";

    static string[] Ids(JsonElement events) => events.EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!).ToArray();

    static JsonElement Data(JsonElement events, string type) =>
        events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == type).GetProperty("data");

    static QuestionnaireResponse.ItemComponent Withdrawal(params DataType[] answers)
    {
        var item = Item("q4", answers);
        item.Definition = $"{Local}#withdrawal";
        return item;
    }

    [Fact]
    public async Task each_recognised_item_becomes_its_own_event_and_a_resubmission_is_a_duplicate()
    {
        var clinic = Api.NewClinic();
        var audit = Item("q3", new Integer(12));
        audit.Definition = "http://loinc.org/rdf#75624-7";
        var response = Questionnaire("p1", "qr1", Day.AddHours(9), items:
        [
            Item("craving", new Integer(6)),
            Item("/82666-9/82667-7", new Integer(4)),
            audit,
            Withdrawal(new Coding(Sct, "48694002"), new Coding(Sct, "193462001", "Insomnia"), new Coding(Sct, "24484000")),
            new QuestionnaireResponse.ItemComponent { LinkId = "intro", Text = "Answer about the last 7 days" },
        ]);

        var first = await (await service.Client.PostFhir(clinic, Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch, response))).Read<Bundle>();

        first.Entry.Single().Response.Status.ShouldBe("201 Created");
        var events = await service.Client.PatientEvents(clinic, "p1");
        Ids(events).Order(StringComparer.Ordinal).ShouldBe(new[]
        {
            "QuestionnaireResponse/qr1/_history/1//82666-9/82667-7", "QuestionnaireResponse/qr1/_history/1/craving",
            "QuestionnaireResponse/qr1/_history/1/q3", "QuestionnaireResponse/qr1/_history/1/q4",
        });
        Data(events, "CravingReported").GetProperty("intensity").GetInt32().ShouldBe(6);
        var screenings = events.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "RiskScreeningRecorded")
            .Select(e => (e.GetProperty("data").GetProperty("instrument").GetString(), e.GetProperty("data").GetProperty("score").GetDecimal()));
        screenings.Order().ShouldBe([("AUDIT", 12m), ("DAST-10", 4m)]);
        var withdrawal = Data(events, "WithdrawalSymptomsReported");
        withdrawal.GetProperty("severity").GetString().ShouldBe("severe");
        withdrawal.GetProperty("symptoms").EnumerateArray().Select(s => s.GetString()).ShouldBe(["anxiety", "insomnia"]);

        var again = await (await service.Client.PostFhir(clinic, response)).Read<Bundle>();
        again.Entry.Single().Response.Status.ShouldBe("200 OK");
        (await service.Client.PatientEvents(clinic, "p1")).GetArrayLength().ShouldBe(4);
    }

    [Fact]
    public async Task in_a_response_to_the_loinc_panel_the_single_questions_are_passed_over_for_the_total()
    {
        var clinic = Api.NewClinic();
        var response = Questionnaire("p2", "qr1", Day, questionnaire: "http://loinc.org/q/82666-9|2.76", items:
        [
            Item("/82666-9/82659-4", new Coding(Loinc, "LA33-6", "Yes")),
            Item("/82666-9/82660-2", new Coding(Loinc, "LA32-8", "No")),
            Item("/82666-9/82667-7", new Integer(1)),
        ]);

        (await (await service.Client.PostFhir(clinic, response)).Read<Bundle>()).Entry.Single().Response.Status.ShouldBe("201 Created");

        var events = await service.Client.PatientEvents(clinic, "p2");
        Ids(events).ShouldBe(["QuestionnaireResponse/qr1/_history/1//82666-9/82667-7"]);
        Data(events, "RiskScreeningRecorded").GetProperty("instrument").GetString().ShouldBe("DAST-10");
    }

    [Theory]
    [InlineData("12345-6", 3, "QuestionnaireResponse.item[1]")]
    [InlineData("craving", 11, "QuestionnaireResponse.item[1].answer[0]")]
    [InlineData("82667-7", 11, "QuestionnaireResponse.item[1].answer[0]")]
    [InlineData("75624-7", -1, "QuestionnaireResponse.item[1].answer[0]")]
    public async Task a_wrong_code_or_an_answer_out_of_range_is_located_and_nothing_of_that_response_is_stored(
        string linkId, int answer, string location)
    {
        var clinic = Api.NewClinic();
        var bundle = Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch,
            Questionnaire("p3", "qr1", Day, items: [Item("/ws/craving", new Integer(2)), Item(linkId, new Integer(answer))]),
            Encounter("p3", "enc1", Day));

        var answerBundle = await (await service.Client.PostFhir(clinic, bundle)).Read<Bundle>();

        answerBundle.Entry.Select(e => e.Response.Status[..3]).ShouldBe(["422", "201"]);
        var outcome = (OperationOutcome)answerBundle.Entry[0].Response.Outcome;
        outcome.Issue.Single().Expression.ShouldBe([location]);
        Ids(await service.Client.PatientEvents(clinic, "p3")).ShouldBe(["Encounter/enc1/_history/1"]);
    }

    [Fact]
    public async Task a_response_in_progress_or_without_any_known_item_is_refused()
    {
        var clinic = Api.NewClinic();
        var inProgress = Questionnaire("p4", "qr1", Day, items: [Item("craving", new Integer(2))]);
        inProgress.Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;
        var withdrawalWithoutSeverity = Questionnaire("p4", "qr2", Day, items: [Withdrawal(new Coding(Sct, "48694002"))]);
        var empty = Questionnaire("p4", "qr3", Day, questionnaire: "http://loinc.org/q/82666-9");

        var answer = await (await service.Client.PostFhir(clinic,
            Bundle(Hl7.Fhir.Model.Bundle.BundleType.Batch, inProgress, withdrawalWithoutSeverity, empty))).Read<Bundle>();

        answer.Entry.Select(e => ((OperationOutcome)e.Response.Outcome).Issue.Single().Expression.Single())
            .ShouldBe(["QuestionnaireResponse.status", "QuestionnaireResponse.item[0].answer", "QuestionnaireResponse.item"]);
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p4/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_amended_version_voids_every_event_of_the_earlier_one()
    {
        var clinic = Api.NewClinic();
        async Task<string> Post(Resource resource) =>
            (await (await service.Client.PostFhir(clinic, resource)).Read<Bundle>()).Entry.Single().Response.Status;
        (await Post(Questionnaire("p5", "qr1", Day, items: [Item("craving", new Integer(3)), Item("82667-7", new Integer(2))])))
            .ShouldBe("201 Created");

        var amended = Questionnaire("p5", "qr1", Day, version: "2", items: [Item("craving", new Integer(5)), Item("82667-7", new Integer(2))]);
        (await Post(amended)).ShouldBe("201 Created");
        (await Post(amended)).ShouldBe("200 OK");

        var events = await service.Client.PatientEvents(clinic, "p5");
        Ids(events).ShouldBe(
        [
            "QuestionnaireResponse/qr1/_history/1/craving", "QuestionnaireResponse/qr1/_history/1/82667-7",
            "QuestionnaireResponse/qr1/_history/1/craving/void", "QuestionnaireResponse/qr1/_history/1/82667-7/void",
            "QuestionnaireResponse/qr1/_history/2/craving", "QuestionnaireResponse/qr1/_history/2/82667-7",
        ]);
        events[5].GetProperty("data").GetProperty("score").GetDecimal().ShouldBe(2m);
    }

    [Fact]
    public async Task a_severe_withdrawal_answer_raises_its_alert_pointing_at_the_response()
    {
        var clinic = Api.NewClinic();

        (await service.Client.PostFhir(clinic, Questionnaire("p6", "qr1", Day.AddHours(20),
            items: [Withdrawal(new FhirString("insomnia"), new FhirString("severe"))]))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var alertId = (await service.Client.WaitForRule(clinic, "p6", "withdrawal-signs")).Single().GetProperty("alertId").GetString();
        var issue = await (await service.Client.GetAsync($"/api/clinics/{clinic}/fhir/DetectedIssue/{alertId}")).Read<DetectedIssue>();
        issue.ShouldBeValidR4();
        issue.Implicated.Select(r => r.Reference).ShouldBe(["QuestionnaireResponse/qr1/_history/1"]);
    }
}
