using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static WarningSystem.IntegrationTests.Fhir.FhirResources;
using Task = System.Threading.Tasks.Task;

namespace WarningSystem.IntegrationTests.Fhir;

[Collection(ServiceCollection.Name)]
public class retrying_cds_feedback(ServiceFixture service)
{
    static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-2).Date;

    /// <summary>An alert of the clinic and the uuid of its card.</summary>
    async Task<(string AlertId, string Card)> Card(string clinic, string patient)
    {
        (await service.Client.PostFhir(clinic, Withdrawal(patient, "obs-w1", Day.AddHours(20)))).EnsureSuccessStatusCode();
        var alertId = (await service.Client.WaitForRule(clinic, patient, "withdrawal-signs")).Single().GetProperty("alertId").GetString()!;
        var call = $$"""{ "hook": "patient-view", "hookInstance": "{{Guid.NewGuid()}}", "context": { "userId": "Practitioner/dr-lee", "patientId": "{{patient}}" } }""";
        var cards = await (await service.Client.PostAsync($"/api/clinics/{clinic}/cds-services/ketamine-misuse", Api.Json(call))).Body();
        return (alertId, cards.GetProperty("cards")[0].GetProperty("uuid").GetString()!);
    }

    static JsonObject Item(string card, string outcome, DateTimeOffset? at)
    {
        var item = new JsonObject { ["card"] = card, ["outcome"] = outcome };
        if (at is { } time) item["outcomeTimestamp"] = time.ToString("O");
        if (outcome == "overridden") item["overrideReason"] = new JsonObject { ["reason"] = new JsonObject { ["code"] = "false-positive" } };
        return item;
    }

    async Task<string> Post(string clinic, params JsonObject[] items)
    {
        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/cds-services/ketamine-misuse/feedback",
            Api.Json(new JsonObject { ["feedback"] = new JsonArray(items) }.ToJsonString()));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    async Task<string[]> Feedback(string clinic, string alertId) =>
        (await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/{alertId}/timeline")).Body()).GetProperty("events")
        .EnumerateArray().Where(e => e.GetProperty("type").GetString() == "AlertCardFeedback")
        .Select(e => e.GetProperty("data").GetProperty("outcome").GetString()!).ToArray();

    async Task<(int Accepted, int Overridden)> Counted(string clinic)
    {
        var rule = (await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/metrics")).Body()).GetProperty("rules")
            .EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "withdrawal-signs");
        return (rule.GetProperty("cardsAccepted").GetInt32(), rule.GetProperty("cardsOverridden").GetInt32());
    }

    [Fact]
    public async Task a_retried_feedback_is_recorded_and_counted_once_and_answered_the_same()
    {
        var clinic = Api.NewClinic();
        var (alertId, card) = await Card(clinic, "p1");
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);

        var first = await Post(clinic, Item(card, "accepted", at));
        var retried = await Post(clinic, Item(card, "accepted", at));
        var twiceInOne = await Post(clinic, Item(card, "accepted", at), Item(card, "accepted", at));

        retried.ShouldBe(first);
        twiceInOne.ShouldBe(first);
        JsonDocument.Parse(first).RootElement.GetProperty("recorded").GetInt32().ShouldBe(1);
        (await Feedback(clinic, alertId)).ShouldBe(["accepted"]);
        (await Counted(clinic)).ShouldBe((1, 0));
    }

    [Fact]
    public async Task another_outcome_or_time_for_the_same_card_is_recorded()
    {
        var clinic = Api.NewClinic();
        var (alertId, card) = await Card(clinic, "p2");
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);

        await Post(clinic, Item(card, "accepted", at));
        await Post(clinic, Item(card, "overridden", at.AddMinutes(1)));
        await Post(clinic, Item(card, "overridden", at.AddMinutes(1)));
        await Post(clinic, Item(card, "accepted", at.AddMinutes(5)));

        (await Feedback(clinic, alertId)).ShouldBe(["accepted", "overridden", "accepted"]);
        (await Counted(clinic)).ShouldBe((2, 1));
    }

    [Fact]
    public async Task without_a_timestamp_the_same_outcome_of_the_same_card_is_a_retry()
    {
        var clinic = Api.NewClinic();
        var (alertId, card) = await Card(clinic, "p3");

        await Post(clinic, Item(card, "overridden", null));
        await Post(clinic, Item(card, "overridden", null));

        (await Feedback(clinic, alertId)).ShouldBe(["overridden"]);
        (await Counted(clinic)).ShouldBe((0, 1));
    }
}
