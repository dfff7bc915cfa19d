namespace WarningSystem.IntegrationTests.Security;

/// <summary>One request per endpoint family, for a clinic: what the authentication and authorization tests try.</summary>
public static class Endpoints
{
    public static TheoryData<string, string> Families => new()
    {
        { "POST", "/api/clinics/{clinic}/events" },
        { "POST", "/api/clinics/{clinic}/events/batch" },
        { "GET", "/api/clinics/{clinic}/patients/p/events" },
        { "GET", "/api/clinics/{clinic}/alerts" },
        { "GET", "/api/clinics/{clinic}/alerts/alert-x" },
        { "GET", "/api/clinics/{clinic}/alerts/alert-x/timeline" },
        { "GET", "/api/clinics/{clinic}/alerts/metrics" },
        { "POST", "/api/clinics/{clinic}/alerts/alert-x/acknowledge" },
        { "POST", "/api/clinics/{clinic}/alerts/alert-x/snooze" },
        { "POST", "/api/clinics/{clinic}/alerts/alert-x/resolve" },
        { "GET", "/api/clinics/{clinic}/protocol" },
        { "PUT", "/api/clinics/{clinic}/protocol" },
        { "GET", "/api/rules?clinicId={clinic}" },
        { "GET", "/api/clinics/{clinic}/apikeys" },
        { "POST", "/api/clinics/{clinic}/apikeys" },
        { "GET", "/api/clinics/{clinic}/access-log" },
        { "GET", "/api/clinics/{clinic}/webhooks" },
        { "POST", "/api/clinics/{clinic}/webhooks" },
        { "DELETE", "/api/clinics/{clinic}/webhooks/wh-x" },
        { "GET", "/api/clinics/{clinic}/webhooks/dead-letters" },
        { "POST", "/api/clinics/{clinic}/webhooks/dead-letters/00000000-0000-0000-0000-000000000000/replay" },
        { "GET", "/api/clinics/{clinic}/alerts/stream" },
    };

    public static HttpRequestMessage Request(string method, string path, string clinic, string? bearer = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{clinic}", clinic));
        if (method is "POST" or "PUT") request.Content = Api.Json("{}");
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return request;
    }
}
