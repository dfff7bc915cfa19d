using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Security;

[Collection(ServiceCollection.Name)]
public class authorizing_requests(ServiceFixture service)
{
    [Theory]
    [MemberData(nameof(Endpoints.ClinicFamilies), MemberType = typeof(Endpoints))]
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

    [Theory]
    [MemberData(nameof(Endpoints.RoleMatrix), MemberType = typeof(Endpoints))]
    public async Task each_role_reaches_only_its_endpoints(string role, string method, string path, bool allowed)
    {
        var clinic = Api.NewClinic();
        var key = await Keys.Create(service, clinic, role);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Headers only: the live feed would otherwise stream until cancelled.
        var response = await service.Anonymous.SendAsync(Endpoints.Request(method, path, clinic, key.Key),
            HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        if (allowed) response.StatusCode.ShouldNotBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        else response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
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
