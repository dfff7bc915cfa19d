using System.Net;
using System.Net.Http.Json;

namespace WarningSystem.IntegrationTests.Security;

[Collection(ServiceCollection.Name)]
public class authenticating_requests(ServiceFixture service)
{
    [Theory]
    [MemberData(nameof(Endpoints.Families), MemberType = typeof(Endpoints))]
    public async Task every_endpoint_family_refuses_a_request_without_credentials(string method, string path)
    {
        var response = await service.Anonymous.SendAsync(Endpoints.Request(method, path, Api.NewClinic()));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // FHIR clients get their refusals as OperationOutcomes, everyone else as problem details.
        response.Content.Headers.ContentType!.MediaType.ShouldBe(path.Contains("/fhir") ? "application/fhir+json" : "application/problem+json");
    }

    [Fact]
    public async Task health_probes_need_no_credentials()
    {
        (await service.Anonymous.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Anonymous.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("wsk_000000000000_not-a-real-secret")]
    [InlineData("wsk_malformed")]
    [InlineData("not-a-token-at-all")]
    public async Task a_bad_credential_is_refused(string credential)
    {
        var request = Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", Api.NewClinic(), credential);

        (await service.Anonymous.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_expired_token_is_refused()
    {
        var clinic = Api.NewClinic();
        var expired = TestCredentials.Token(["coordinator"], [clinic], lifetime: TimeSpan.FromMinutes(-10));

        (await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, expired)))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_refused()
    {
        var clinic = Api.NewClinic();
        var forged = TestCredentials.Token(["coordinator"], [clinic], signingKey: new string('k', 48));

        (await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, forged)))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_api_key_works_in_either_header_until_it_is_revoked()
    {
        var clinic = Api.NewClinic();
        var key = await Keys.Create(service, clinic, "coordinator");

        var bearer = Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, key.Key);
        var header = Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic);
        header.Headers.Add("X-Api-Key", key.Key);
        (await service.Anonymous.SendAsync(bearer)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Anonymous.SendAsync(header)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await service.Client.DeleteAsync($"/api/clinics/{clinic}/apikeys/{key.KeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, key.Key)))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_rotated_key_stops_working_and_its_successor_works()
    {
        var clinic = Api.NewClinic();
        var old = await Keys.Create(service, clinic, "integration");

        var rotated = await service.Client.PostAsync($"/api/clinics/{clinic}/apikeys/{old.KeyId}/rotate", null);
        var successor = (await rotated.Content.ReadFromJsonAsync<Keys.Issued>())!;

        rotated.StatusCode.ShouldBe(HttpStatusCode.Created);
        successor.Key.ShouldNotBe(old.Key);
        var ingest = Api.Event("p", "CravingReported", new { intensity = 1 });
        (await Keys.Post(service, clinic, old.Key, ingest)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Keys.Post(service, clinic, successor.Key, ingest)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task a_key_revoked_elsewhere_stops_working_here_once_the_change_commits()
    {
        var clinic = Api.NewClinic();
        var key = await Keys.Create(service, clinic, "coordinator");
        Task<HttpResponseMessage> Read() => service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, key.Key));
        (await Read()).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Another node (or the apikeys command) revokes it: its own transaction, with the notification.
        await using (var connection = new Npgsql.NpgsqlConnection(service.ConnectionString))
        {
            await connection.OpenAsync();
            await using var revoke = new Npgsql.NpgsqlCommand(
                "update warnings.mt_doc_apikey set data = jsonb_set(data, '{revokedAt}', to_jsonb(now())) where id = @id; " +
                "select pg_notify('warningsystem_api_keys', @id);", connection);
            revoke.Parameters.AddWithValue("id", key.KeyId);
            await revoke.ExecuteNonQueryAsync();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await Read()).StatusCode != HttpStatusCode.Unauthorized && clock.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(20);
        (await Read()).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_key_revoked_here_is_announced_to_every_other_node()
    {
        var clinic = Api.NewClinic();
        var key = await Keys.Create(service, clinic, "coordinator");
        await using var otherNode = new Npgsql.NpgsqlConnection(service.ConnectionString);
        await otherNode.OpenAsync();
        var announced = new List<string>();
        otherNode.Notification += (_, e) => announced.Add(e.Payload);
        await using (var listen = new Npgsql.NpgsqlCommand("LISTEN warningsystem_api_keys", otherNode)) await listen.ExecuteNonQueryAsync();

        (await service.Client.DeleteAsync($"/api/clinics/{clinic}/apikeys/{key.KeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!announced.Contains(key.KeyId) && clock.Elapsed < TimeSpan.FromSeconds(5))
            await otherNode.WaitAsync(TimeSpan.FromMilliseconds(200));
        announced.ShouldContain(key.KeyId);
    }
}
