using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WarningSystem.IntegrationTests.Fhir;

namespace WarningSystem.IntegrationTests.Security;

/// <summary>CDS Hooks 2.0 security: the EHR signs its own JWTs with a key whose public half the clinic registered.</summary>
[Collection(ServiceCollection.Name)]
public class authenticating_cds_clients(ServiceFixture service)
{
    const string Service = "/cds-services/ketamine-misuse";

    /// <summary>An EHR's signing key: RS384 with an RSA key or ES384 with a P-384 key.</summary>
    sealed record Ehr(string Issuer, string Kid, AsymmetricAlgorithm Key)
    {
        public static Ehr Rsa(string kid = "k1") => new($"https://ehr-{Guid.NewGuid():N}.example.org", kid, RSA.Create(2048));
        public static Ehr Ec(string kid = "k1") => new($"https://ehr-{Guid.NewGuid():N}.example.org", kid, ECDsa.Create(ECCurve.NamedCurves.nistP384));

        /// <summary>The public half, as the EHR publishes it at its jku.</summary>
        public JsonObject Jwks()
        {
            static string b64(byte[]? bytes) => Base64UrlEncoder.Encode(bytes);
            var jwk = Key switch
            {
                RSA rsa when rsa.ExportParameters(false) is var p => new JsonObject
                {
                    ["kty"] = "RSA", ["kid"] = Kid, ["alg"] = "RS384", ["use"] = "sig", ["n"] = b64(p.Modulus), ["e"] = b64(p.Exponent),
                },
                ECDsa ec when ec.ExportParameters(false) is var p => new JsonObject
                {
                    ["kty"] = "EC", ["kid"] = Kid, ["crv"] = "P-384", ["x"] = b64(p.Q.X), ["y"] = b64(p.Q.Y),
                },
                _ => throw new InvalidOperationException(),
            };
            return new JsonObject { ["keys"] = new JsonArray(jwk) };
        }

        public string Sign(string audience, DateTime? issuedAt = null, TimeSpan? lifetime = null, string? jti = null, string? issuer = null)
        {
            var iat = issuedAt ?? DateTime.UtcNow;
            var credentials = Key switch
            {
                RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = Kid }, SecurityAlgorithms.RsaSha384),
                ECDsa ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = Kid }, SecurityAlgorithms.EcdsaSha384),
                _ => throw new InvalidOperationException(),
            };
            return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer ?? Issuer, Audience = audience, IssuedAt = iat, Expires = iat + (lifetime ?? TimeSpan.FromMinutes(5)),
                Claims = new Dictionary<string, object> { ["sub"] = "ehr-client", ["jti"] = jti ?? Guid.NewGuid().ToString() },
                SigningCredentials = credentials,
            });
        }
    }

    string Url(string path) => new Uri(service.Anonymous.BaseAddress!, path).ToString();

    async Task<HttpResponseMessage> Register(string clinic, Ehr ehr, JsonObject? jwks = null) =>
        await service.Client.PostAsync($"/api/clinics/{clinic}/cds-clients",
            Api.Json(new JsonObject { ["issuer"] = ehr.Issuer, ["jwks"] = jwks ?? ehr.Jwks(), ["name"] = "EHR" }.ToJsonString()));

    Task<HttpResponseMessage> Call(string path, string token, string patient = "p1") => service.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
    {
        Headers = { Authorization = new("Bearer", token) },
        Content = Api.Json($$"""{ "hook": "patient-view", "hookInstance": "{{Guid.NewGuid()}}", "context": { "userId": "Practitioner/dr-lee", "patientId": "{{patient}}" } }"""),
    });

    static async Task ShouldBeRefused(HttpResponseMessage response, string reason)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Body()).GetProperty("detail").GetString()!.ShouldContain(reason);
    }

    [Fact]
    public async Task a_token_signed_with_the_registered_key_acts_for_the_clinic()
    {
        var clinic = Api.NewClinic();
        (await service.Client.PostFhir(clinic, FhirResources.Withdrawal("p1", "obs-w1", DateTimeOffset.UtcNow.AddHours(-2)))).EnsureSuccessStatusCode();
        await service.Client.WaitForRule(clinic, "p1", "withdrawal-signs");
        var rsa = Ehr.Rsa();
        var ec = Ehr.Ec();
        (await Register(clinic, rsa)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Register(clinic, ec)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var atRoot = await Call(Service, rsa.Sign(Url(Service)));
        var clinicBase = $"/api/clinics/{clinic}{Service}";
        var atClinic = await Call(clinicBase, ec.Sign(Url(clinicBase)));

        atRoot.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await atRoot.Body()).GetProperty("cards").GetArrayLength().ShouldBe(1);
        atClinic.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await atClinic.Body()).GetProperty("cards").GetArrayLength().ShouldBe(1);
        var discovery = service.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/cds-services")
        {
            Headers = { Authorization = new("Bearer", rsa.Sign(Url("/cds-services"))) },
        });
        (await discovery).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Outside the CDS Hooks endpoints an EHR-signed token is no credential at all.
        var admin = await service.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/cds-clients")
        {
            Headers = { Authorization = new("Bearer", rsa.Sign(Url($"/api/clinics/{clinic}/cds-clients"))) },
        });
        admin.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task wrong_keys_audiences_lifetimes_and_issuers_are_refused_with_the_reason()
    {
        var clinic = Api.NewClinic();
        var ehr = Ehr.Rsa();
        (await Register(clinic, ehr)).EnsureSuccessStatusCode();
        var aud = Url(Service);
        var impostor = ehr with { Key = RSA.Create(2048) };
        var unknown = Ehr.Rsa();

        await ShouldBeRefused(await Call(Service, impostor.Sign(aud)), "signature does not verify");
        await ShouldBeRefused(await Call(Service, (ehr with { Kid = "k2" }).Sign(aud)), "no key 'k2'");
        await ShouldBeRefused(await Call(Service, ehr.Sign(Url("/cds-services/other"))), "aud must be the URL that was called");
        await ShouldBeRefused(await Call(Service, ehr.Sign(aud, issuedAt: DateTime.UtcNow.AddMinutes(-10))), "expired");
        await ShouldBeRefused(await Call(Service, ehr.Sign(aud, lifetime: TimeSpan.FromHours(1))), "more than 5 minutes ahead");
        await ShouldBeRefused(await Call(Service, ehr.Sign(aud, issuedAt: DateTime.UtcNow.AddMinutes(3), lifetime: TimeSpan.FromMinutes(1))), "iat is in the future");
        await ShouldBeRefused(await Call(Service, unknown.Sign(aud)), "issuer is not registered");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.")]
    [InlineData("eyJhbGciOiJSUzM4NCIsImtpZCI6IiJ9.e30.AAAA")]
    [InlineData("eyJ9.eyJ9.eyJ9")]
    public async Task a_garbage_token_is_a_401_never_a_server_error(string token)
    {
        await ShouldBeRefused(await Call(Service, token), "CDS client token refused");
    }

    [Fact]
    public async Task a_replayed_token_is_refused()
    {
        var clinic = Api.NewClinic();
        var ehr = Ehr.Ec();
        (await Register(clinic, ehr)).EnsureSuccessStatusCode();
        var token = ehr.Sign(Url(Service));

        (await Call(Service, token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeRefused(await Call(Service, token), "already used");
    }

    [Fact]
    public async Task a_revoked_or_replaced_registration_takes_effect_at_once()
    {
        var clinic = Api.NewClinic();
        var ehr = Ehr.Rsa();
        var created = await (await Register(clinic, ehr)).Body();
        (await Call(Service, ehr.Sign(Url(Service)))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rotated = ehr with { Key = RSA.Create(2048) };
        (await Register(clinic, rotated)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeRefused(await Call(Service, ehr.Sign(Url(Service))), "signature does not verify");
        (await Call(Service, rotated.Sign(Url(Service)))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var clients = await (await service.Client.GetAsync($"/api/clinics/{clinic}/cds-clients")).Body();
        clients.EnumerateArray().Single().GetProperty("keyIds").EnumerateArray().Select(k => k.GetString()).ShouldBe(["k1"]);
        (await service.Client.DeleteAsync($"/api/clinics/{clinic}/cds-clients/{created.GetProperty("id").GetString()}"))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldBeRefused(await Call(Service, rotated.Sign(Url(Service))), "issuer is not registered");
    }

    [Fact]
    public async Task a_registration_holds_public_keys_with_ids_only()
    {
        var clinic = Api.NewClinic();
        var ehr = Ehr.Rsa();
        var withPrivate = ehr.Jwks();
        withPrivate["keys"]![0]!["d"] = Base64UrlEncoder.Encode(((RSA)ehr.Key).ExportParameters(true).D);
        var withoutKid = ehr.Jwks();
        withoutKid["keys"]![0]!.AsObject().Remove("kid");

        foreach (var (jwks, field) in new[] { (withPrivate, "jwks.keys[0]"), (withoutKid, "jwks.keys[0].kid"), (new JsonObject { ["keys"] = new JsonArray() }, "jwks") })
        {
            var response = await Register(clinic, ehr, jwks);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain(field);
        }
        var notJson = await service.Client.PostAsync($"/api/clinics/{clinic}/cds-clients", Api.Json("""{ "issuer": "https://ehr.example.org", "jwks": "nope" }"""));
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
