using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests;

/// <summary>Small helpers for talking to the service as an EHR integration would.</summary>
public static class Api
{
    /// <summary>Every test works in a clinic of its own, so tests never see each other's data.</summary>
    public static string NewClinic() => $"clinic-{Guid.NewGuid():N}"[..20];

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static JsonObject Event(string patientId, string type, object data, DateTimeOffset? occurredAt = null, string? eventId = null) => new()
    {
        ["eventId"] = eventId ?? NewId("evt"),
        ["patientId"] = patientId,
        ["type"] = type,
        ["occurredAt"] = (occurredAt ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToString("O"),
        ["recordedBy"] = "ehr-test",
        ["data"] = JsonSerializer.SerializeToNode(data),
    };

    public static Task<HttpResponseMessage> PostEvent(this HttpClient client, string clinicId, JsonNode body) =>
        client.PostAsync($"/api/clinics/{clinicId}/events", Json(body.ToJsonString()));

    public static Task<HttpResponseMessage> PostBatch(this HttpClient client, string clinicId, IEnumerable<JsonNode> events) =>
        client.PostAsync($"/api/clinics/{clinicId}/events/batch",
            Json(new JsonObject { ["events"] = new JsonArray(events.Select(e => e.DeepClone()).ToArray()) }.ToJsonString()));

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> Body(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> PatientEvents(this HttpClient client, string clinicId, string patientId)
    {
        var response = await client.GetAsync($"/api/clinics/{clinicId}/patients/{patientId}/events");
        response.EnsureSuccessStatusCode();
        return (await response.Body()).GetProperty("events");
    }
}
