using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Security;

[Collection(ServiceCollection.Name)]
public class authorization(ServiceFixture service)
{
    [Theory]
    [MemberData(nameof(Endpoints.Families), MemberType = typeof(Endpoints))]
    public async Task a_credential_for_another_clinic_is_refused_and_the_attempt_logged(string method, string path)
    {
        var (mine, theirs) = (Api.NewClinic(), Api.NewClinic());
        var everything = TestCredentials.Token(TestCredentials.AllRoles, [mine], subject: "curious-user");

        var response = await service.Anonymous.SendAsync(Endpoints.Request(method, path, theirs, everything));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var log = await AccessLog(theirs);
        var entry = log.EnumerateArray().ShouldHaveSingleItem();
        entry.GetProperty("who").GetString().ShouldBe("curious-user");
        entry.GetProperty("clinic").GetString().ShouldBe(theirs);
        entry.GetProperty("method").GetString().ShouldBe(method);
    }

    public static TheoryData<string, string, string, HttpStatusCode> RoleMatrix => new()
    {
        // role, method, path, expected when the clinic is right (anything but 401/403 means the role was let in)
        { "integration", "GET", "/api/clinics/{clinic}/alerts", HttpStatusCode.Forbidden },
        { "integration", "GET", "/api/clinics/{clinic}/patients/p/events", HttpStatusCode.Forbidden },
        { "coordinator", "POST", "/api/clinics/{clinic}/events", HttpStatusCode.Forbidden },
        { "coordinator", "GET", "/api/clinics/{clinic}/alerts", HttpStatusCode.OK },
        { "coordinator", "PUT", "/api/clinics/{clinic}/protocol", HttpStatusCode.Forbidden },
        { "coordinator", "GET", "/api/clinics/{clinic}/access-log", HttpStatusCode.Forbidden },
        { "auditor", "GET", "/api/clinics/{clinic}/alerts", HttpStatusCode.OK },
        { "auditor", "GET", "/api/clinics/{clinic}/access-log", HttpStatusCode.OK },
        { "auditor", "POST", "/api/clinics/{clinic}/alerts/alert-x/acknowledge", HttpStatusCode.Forbidden },
        { "auditor", "POST", "/api/clinics/{clinic}/events", HttpStatusCode.Forbidden },
        { "admin", "PUT", "/api/clinics/{clinic}/protocol", HttpStatusCode.BadRequest },
        { "admin", "GET", "/api/clinics/{clinic}/apikeys", HttpStatusCode.OK },
        { "admin", "GET", "/api/clinics/{clinic}/alerts", HttpStatusCode.Forbidden },
        { "integration", "POST", "/api/clinics/{clinic}/apikeys", HttpStatusCode.Forbidden },
        { "integration", "POST", "/api/clinics/{clinic}/events", HttpStatusCode.BadRequest },
        { "coordinator", "GET", "/api/clinics/{clinic}/webhooks", HttpStatusCode.Forbidden },
        { "admin", "GET", "/api/clinics/{clinic}/webhooks", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task each_role_reaches_only_its_endpoints(string role, string method, string path, HttpStatusCode expected)
    {
        var clinic = Api.NewClinic();
        var key = await Keys.Create(service, clinic, role);

        var response = await service.Anonymous.SendAsync(Endpoints.Request(method, path, clinic, key.Key));

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task an_auditor_granted_two_clinics_reads_both_and_no_other()
    {
        var (north, south, west) = (Api.NewClinic(), Api.NewClinic(), Api.NewClinic());
        var auditor = TestCredentials.Token(["auditor"], [north, south]);

        foreach (var clinic in new[] { north, south })
            (await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, auditor)))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", west, auditor)))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task key_listings_never_show_secrets_or_hashes()
    {
        var clinic = Api.NewClinic();
        var key = await Keys.Create(service, clinic, "integration");

        var listing = await (await service.Client.GetAsync($"/api/clinics/{clinic}/apikeys")).Content.ReadAsStringAsync();

        listing.ShouldContain(key.KeyId);
        listing.ShouldNotContain(key.Key);
        listing.ShouldNotContain("hash", Case.Insensitive);
        listing.ShouldNotContain("salt", Case.Insensitive);
    }

    [Fact]
    public async Task responses_are_not_cacheable_and_not_sniffable()
    {
        var response = await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/alerts");

        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    async Task<JsonElement> AccessLog(string clinic)
    {
        var auditor = TestCredentials.Token(["auditor"], [clinic]);
        var response = await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/access-log", clinic, auditor));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }
}
