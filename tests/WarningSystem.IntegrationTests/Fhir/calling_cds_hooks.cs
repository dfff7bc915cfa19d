using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using static WarningSystem.IntegrationTests.Fhir.FhirResources;
using Task = System.Threading.Tasks.Task;

namespace WarningSystem.IntegrationTests.Fhir;

[Collection(ServiceCollection.Name)]
public class calling_cds_hooks(ServiceFixture service)
{
    static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-2).Date;

    async Task<string> Alert(string clinic, string patient)
    {
        (await service.Client.PostFhir(clinic, Withdrawal(patient, "obs-w1", Day.AddHours(20)))).EnsureSuccessStatusCode();
        return (await service.Client.WaitForRule(clinic, patient, "withdrawal-signs")).Single().GetProperty("alertId").GetString()!;
    }

    static JsonObject Call(string hook, string patient, JsonNode? draftOrders = null)
    {
        var context = new JsonObject { ["userId"] = "Practitioner/dr-lee", ["patientId"] = patient };
        if (draftOrders is not null) context["draftOrders"] = draftOrders;
        return new JsonObject
        {
            ["hook"] = hook, ["hookInstance"] = Guid.NewGuid().ToString(), ["fhirServer"] = "https://ehr.example.org/fhir",
            ["context"] = context,
        };
    }

    async Task<JsonElement[]> Cards(string clinic, JsonObject call, string service_ = "ketamine-misuse")
    {
        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/cds-services/{service_}", Api.Json(call.ToJsonString()));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Body()).GetProperty("cards").EnumerateArray().ToArray();
    }

    static JsonNode Draft(string patient, string code, string display) => JsonNode.Parse(new FhirJsonSerializer().SerializeToString(
        Bundle(Hl7.Fhir.Model.Bundle.BundleType.Collection, new MedicationRequest
        {
            Id = "draft-1", Status = MedicationRequest.MedicationrequestStatus.Draft, Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept(Rx, code, display), Subject = new ResourceReference($"Patient/{patient}"),
        })))!;

    [Fact]
    public async Task discovery_lists_the_services_with_their_hooks_and_prefetch()
    {
        var response = await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/cds-services");

        var services = (await response.Body()).GetProperty("services").EnumerateArray().ToArray();
        services.Select(s => (s.GetProperty("id").GetString(), s.GetProperty("hook").GetString()))
            .ShouldBe([("ketamine-misuse", "patient-view"), ("ketamine-misuse-order", "order-sign")]);
        services[0].GetProperty("prefetch").GetProperty("patient").GetString().ShouldBe("Patient/{{context.patientId}}");
    }

    [Fact]
    public async Task patient_view_shows_a_card_per_open_alert_and_none_for_a_clean_patient()
    {
        var clinic = Api.NewClinic();
        var alertId = await Alert(clinic, "p1");
        (await service.Client.PostFhir(clinic, Encounter("clean", "e1", Day))).EnsureSuccessStatusCode();

        var cards = await Cards(clinic, Call("patient-view", "p1"));

        var card = cards.ShouldHaveSingleItem();
        card.GetProperty("summary").GetString()!.Length.ShouldBeLessThan(140);
        card.GetProperty("indicator").GetString().ShouldBe("info");
        card.GetProperty("source").GetProperty("label").GetString().ShouldBe("WarningSystem");
        card.GetProperty("links")[0].GetProperty("url").GetString()!.ShouldEndWith($"/api/clinics/{clinic}/alerts/{alertId}");
        card.GetProperty("detail").GetString()!.ShouldNotContain("obs-w1");
        card.GetProperty("overrideReasons").GetArrayLength().ShouldBeGreaterThan(0);
        (await Cards(clinic, Call("patient-view", "clean"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task order_sign_shows_the_cards_only_for_a_ketamine_order()
    {
        var clinic = Api.NewClinic();
        await Alert(clinic, "p2");

        var ketamine = await Cards(clinic, Call("order-sign", "p2", Draft("p2", "6130", "ketamine")), "ketamine-misuse-order");
        var other = await Cards(clinic, Call("order-sign", "p2", Draft("p2", "197361", "amlodipine 5 MG Oral Tablet")), "ketamine-misuse-order");

        ketamine.ShouldHaveSingleItem().GetProperty("summary").GetString()!.ShouldStartWith("Before signing");
        other.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_overridden_card_is_on_the_alert_timeline_and_counted_for_its_rule()
    {
        var clinic = Api.NewClinic();
        var alertId = await Alert(clinic, "p3");
        var card = (await Cards(clinic, Call("patient-view", "p3"))).Single().GetProperty("uuid").GetString();
        var feedback = new JsonObject
        {
            ["feedback"] = new JsonArray(new JsonObject
            {
                ["card"] = card, ["outcome"] = "overridden", ["outcomeTimestamp"] = DateTimeOffset.UtcNow.ToString("O"),
                ["overrideReason"] = new JsonObject
                {
                    ["reason"] = new JsonObject { ["system"] = "https://warningsystem.example.org/fhir/CodeSystem/alert-action", ["code"] = "false-positive", ["display"] = "Not misuse" },
                    ["userComment"] = "known insomnia",
                },
            }),
        };

        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/cds-services/ketamine-misuse/feedback", Api.Json(feedback.ToJsonString()));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var timeline = (await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alertId}/timeline")).Body()).GetProperty("events");
        var recorded = timeline.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "AlertCardFeedback");
        recorded.GetProperty("data").GetProperty("outcome").GetString().ShouldBe("overridden");
        recorded.GetProperty("data").GetProperty("reason").GetString().ShouldBe("false-positive");
        var metrics = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/metrics")).Body();
        var rule = metrics.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "withdrawal-signs");
        rule.GetProperty("cardsOverridden").GetInt32().ShouldBe(1);
        rule.GetProperty("cardsAccepted").GetInt32().ShouldBe(0);

        // The alert still takes its commands: the feedback counted in its version.
        (await service.Client.PostAsync($"/api/clinics/{clinic}/alerts/{alertId}/acknowledge", Api.Json("""{ "by": "coord-ana" }""")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task feedback_for_an_unknown_card_is_a_404_and_a_bad_outcome_a_400()
    {
        var clinic = Api.NewClinic();
        var unknown = $$"""{ "feedback": [ { "card": "{{Guid.NewGuid()}}", "outcome": "accepted" } ] }""";
        (await service.Client.PostAsync($"/api/clinics/{clinic}/cds-services/ketamine-misuse/feedback", Api.Json(unknown)))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var bad = $$"""{ "feedback": [ { "card": "{{Guid.NewGuid()}}", "outcome": "ignored" } ] }""";
        (await service.Client.PostAsync($"/api/clinics/{clinic}/cds-services/ketamine-misuse/feedback", Api.Json(bad)))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task at_the_root_the_clinic_is_the_one_the_credential_was_granted()
    {
        var clinic = Api.NewClinic();
        var alertId = await Alert(clinic, "p4");
        var ehr = TestCredentials.Token(["integration"], [clinic], subject: "ehr");

        var discovery = await Send(HttpMethod.Get, "/cds-services", ehr);
        discovery.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await discovery.Body()).GetProperty("services").GetArrayLength().ShouldBe(2);
        var called = await Send(HttpMethod.Post, "/cds-services/ketamine-misuse", ehr, Call("patient-view", "p4"));
        called.StatusCode.ShouldBe(HttpStatusCode.OK);
        var card = (await called.Body()).GetProperty("cards").EnumerateArray().ShouldHaveSingleItem();
        card.GetProperty("links")[0].GetProperty("url").GetString()!.ShouldEndWith($"/api/clinics/{clinic}/alerts/{alertId}");
        var feedback = new JsonObject
        {
            ["feedback"] = new JsonArray(new JsonObject
            {
                ["card"] = card.GetProperty("uuid").GetString(), ["outcome"] = "accepted", ["outcomeTimestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            }),
        };
        (await Send(HttpMethod.Post, "/cds-services/ketamine-misuse/feedback", ehr, feedback)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var metrics = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/metrics")).Body();
        metrics.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "withdrawal-signs")
            .GetProperty("cardsAccepted").GetInt32().ShouldBe(1);

        // A credential for two clinics does not say which one: it is told to use the clinic's own base.
        var both = TestCredentials.Token(["integration"], [clinic, Api.NewClinic()]);
        var unclear = await Send(HttpMethod.Post, "/cds-services/ketamine-misuse", both, Call("patient-view", "p4"));
        unclear.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unclear.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, JsonObject? body = null) =>
        service.Anonymous.SendAsync(new HttpRequestMessage(method, path)
        {
            Headers = { Authorization = new("Bearer", token) },
            Content = body is null ? null : Api.Json(body.ToJsonString()),
        });
}
