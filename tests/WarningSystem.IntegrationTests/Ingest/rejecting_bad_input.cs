using System.Net;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Ingest;

[Collection(ServiceCollection.Name)]
public class rejecting_bad_input(ServiceFixture service)
{
    static JsonObject Craving(int intensity) => Api.Event("p", "CravingReported", new { intensity });

    static JsonObject With(JsonObject envelope, Action<JsonObject> change)
    {
        change(envelope);
        return envelope;
    }

    public static TheoryData<string, string> BadEvents => new()
    {
        { With(Craving(3), e => e["type"] = "CravingFelt").ToJsonString(), "type" },
        { With(Craving(3), e => e.Remove("eventId")).ToJsonString(), "eventId" },
        { With(Craving(3), e => e.Remove("occurredAt")).ToJsonString(), "occurredAt" },
        // A day ahead, not minutes: theory data is built when the run starts, and the suite runs for many minutes.
        { With(Craving(3), e => e["occurredAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O")).ToJsonString(), "occurredAt" },
        { With(Craving(3), e => e["occurredAt"] = "last tuesday").ToJsonString(), "occurredAt" },
        { Craving(11).ToJsonString(), "data.intensity" },
        { Api.Event("p", "DoseGiven", new { sessionId = "s", drug = "ketamine", route = "IV", doseMg = -1 }).ToJsonString(), "data.doseMg" },
        { Api.Event("p", "DoseGiven", new { sessionId = "s", drug = "ketamine", route = "nasal", doseMg = 10 }).ToJsonString(), "data.route" },
        { Api.Event("p", "OffScheduleRequest", new { kind = "extra-session" }).ToJsonString(), "data.channel" },
        { With(Craving(3), e => e["surprise"] = 1).ToJsonString(), "surprise" },
        { Api.Event("p", "MissedFollowUp", new { appointmentId = "ap-1", scheduledFor = "2026-11-18T09:00:00Z", systemDetected = true }).ToJsonString(), "data.systemDetected" },
        // JSON allows both, but PostgreSQL cannot store U+0000 and an escaped lone surrogate cannot be read as a string.
        { Craving(3).ToJsonString().Replace("\"ehr-test\"", "\"ehr\\u0000test\""), "recordedBy" },
        { Api.Event("p", "OffScheduleRequest", new { kind = "extra-session", channel = "phone" }).ToJsonString().Replace("\"phone\"", "\"\\ud800\""), "data.channel" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task gets_problem_details_naming_the_field_and_stores_nothing(string body, string field)
    {
        var clinic = Api.NewClinic();

        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/events", Api.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Body();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"errors: {problem.GetProperty("errors")}");
        (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task malformed_json_is_a_problem_not_a_crash()
    {
        var response = await service.Client.PostAsync($"/api/clinics/{Api.NewClinic()}/events", Api.Json("{\"eventId\": "));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Body()).GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task an_oversized_body_is_refused()
    {
        var envelope = Api.Event("p", "SessionAttended", new { sessionId = new string('x', 100_000), scheduled = true });

        var response = await service.Client.PostEvent(Api.NewClinic(), envelope);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task deeply_nested_json_is_refused()
    {
        var body = new string('[', 100) + new string(']', 100);

        var response = await service.Client.PostAsync($"/api/clinics/{Api.NewClinic()}/events", Api.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_body_that_is_not_json_gets_415()
    {
        var response = await service.Client.PostAsync($"/api/clinics/{Api.NewClinic()}/events",
            new StringContent("eventId=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_clinic_id_that_is_not_an_identifier_is_refused()
    {
        var response = await service.Client.PostEvent("bad%20clinic", Craving(3));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Body()).GetProperty("errors").TryGetProperty("clinicId", out _).ShouldBeTrue();
    }
}
