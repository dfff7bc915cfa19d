namespace WarningSystem.IntegrationTests.Security;

/// <summary>One request per endpoint family, for a clinic: what the authentication and authorization tests try.</summary>
public static class Endpoints
{
    const string Integration = "integration", Coordinator = "coordinator", Auditor = "auditor", Admin = "admin";

    /// <summary>Every endpoint family, and the roles that may use it in their own clinic.</summary>
    public static readonly (string Method, string Path, string[] Roles)[] All =
    [
        ("POST", "/api/clinics/{clinic}/events", [Integration]),
        ("POST", "/api/clinics/{clinic}/events/batch", [Integration]),
        ("POST", "/api/clinics/{clinic}/fhir", [Integration]),
        ("GET", "/api/clinics/{clinic}/fhir/metadata", [Integration, Coordinator, Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/fhir/DetectedIssue?patient=p", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/fhir/DetectedIssue/alert-x", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/fhir/Flag?patient=p", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/cds-services", [Integration, Coordinator]),
        ("POST", "/api/clinics/{clinic}/cds-services/ketamine-misuse", [Integration, Coordinator]),
        ("POST", "/api/clinics/{clinic}/cds-services/ketamine-misuse/feedback", [Integration, Coordinator]),
        ("GET", "/cds-services", [Integration, Coordinator]),
        ("POST", "/cds-services/ketamine-misuse", [Integration, Coordinator]),
        ("POST", "/cds-services/ketamine-misuse/feedback", [Integration, Coordinator]),
        ("GET", "/api/clinics/{clinic}/patients/p/events", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/patients/p/events?type=DoseGiven&page=1", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/patients/p/risk?asOfVersion=1", [Coordinator, Auditor]),
        ("POST", "/api/clinics/{clinic}/patients/p/replay", [Coordinator, Auditor]),
        ("POST", "/api/clinics/{clinic}/replay", [Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/alerts", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/alerts/alert-x", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/alerts/alert-x/timeline", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/alerts/alert-x/explain", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/alerts/metrics", [Coordinator, Auditor]),
        ("GET", "/api/clinics/{clinic}/alerts/stream?lastEventId=0&probe=1", [Coordinator, Auditor]),
        ("POST", "/api/clinics/{clinic}/alerts/alert-x/acknowledge", [Coordinator]),
        ("POST", "/api/clinics/{clinic}/alerts/alert-x/snooze", [Coordinator]),
        ("POST", "/api/clinics/{clinic}/alerts/alert-x/resolve", [Coordinator]),
        ("GET", "/api/clinics/{clinic}/protocol", [Coordinator, Auditor, Admin]),
        ("PUT", "/api/clinics/{clinic}/protocol", [Admin]),
        ("GET", "/api/rules?clinicId={clinic}", [Integration, Coordinator, Auditor, Admin]),
        ("GET", "/api/credential", [Integration, Coordinator, Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/apikeys", [Admin]),
        ("POST", "/api/clinics/{clinic}/apikeys", [Admin]),
        ("POST", "/api/clinics/{clinic}/apikeys/key-x/rotate", [Admin]),
        ("DELETE", "/api/clinics/{clinic}/apikeys/key-x", [Admin]),
        ("GET", "/api/clinics/{clinic}/cds-clients", [Admin]),
        ("POST", "/api/clinics/{clinic}/cds-clients", [Admin]),
        ("DELETE", "/api/clinics/{clinic}/cds-clients/cds-x", [Admin]),
        ("GET", "/api/clinics/{clinic}/access-log", [Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/access-log/reads", [Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/verify", [Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/patients/p/verify", [Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/patients/p/detection", [Auditor, Admin]),
        ("GET", "/api/clinics/{clinic}/webhooks", [Admin]),
        ("POST", "/api/clinics/{clinic}/webhooks", [Admin]),
        ("DELETE", "/api/clinics/{clinic}/webhooks/wh-x", [Admin]),
        ("GET", "/api/clinics/{clinic}/webhooks/dead-letters", [Admin]),
        ("POST", "/api/clinics/{clinic}/rebuilds", [Admin]),
        ("GET", "/api/clinics/{clinic}/rebuilds/r-x", [Admin]),
        ("POST", "/api/clinics/{clinic}/webhooks/dead-letters/00000000-0000-0000-0000-000000000000/replay", [Admin]),
        ("GET", "/api/clinics/{clinic}/detection/failures", [Admin]),
        ("GET", "/api/clinics/{clinic}/detection/failures?patientId=p", [Admin]),
        ("POST", "/api/clinics/{clinic}/detection/failures/00000000-0000-0000-0000-000000000000/redrive", [Admin]),
    ];

    public static TheoryData<string, string> Families
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (method, path, _) in All) data.Add(method, path);
            return data;
        }
    }

    /// <summary>The families that name a clinic: a credential for another clinic is refused there.</summary>
    public static TheoryData<string, string> ClinicFamilies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (method, path, _) in All.Where(e => e.Path.Contains("{clinic}"))) data.Add(method, path);
            return data;
        }
    }

    /// <summary>Every family with every role: whether that role may use it.</summary>
    public static TheoryData<string, string, string, bool> RoleMatrix
    {
        get
        {
            var data = new TheoryData<string, string, string, bool>();
            foreach (var (method, path, roles) in All)
                foreach (var role in new[] { Integration, Coordinator, Auditor, Admin })
                    data.Add(role, method, path, roles.Contains(role));
            return data;
        }
    }

    public static HttpRequestMessage Request(string method, string path, string clinic, string? bearer = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{clinic}", clinic));
        if (method is "POST" or "PUT") request.Content = Api.Json("{}");
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return request;
    }
}
