using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Security;

/// <summary>API keys through the admin endpoints, as a clinic's admin would create them.</summary>
public static class Keys
{
    public sealed record Issued(string KeyId, string Key, string Role);

    public static async Task<Issued> Create(ServiceFixture service, string clinic, string role)
    {
        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/apikeys", Api.Json($$"""{"role":"{{role}}","name":"test {{role}}"}"""));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Issued>())!;
    }

    public static Task<HttpResponseMessage> Post(ServiceFixture service, string clinic, string key, JsonNode body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/clinics/{clinic}/events") { Content = Api.Json(body.ToJsonString()) };
        request.Headers.Authorization = new("Bearer", key);
        return service.Anonymous.SendAsync(request);
    }
}
