using System.Net;

namespace WarningSystem.IntegrationTests.Security;

/// <summary>A host whose credentials may make 5 requests at once and 1 a second after that.</summary>
public sealed class RateLimitedServiceFixture : ServiceFixture
{
    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("RateLimiting:PermitsPerSecond", "1"), ("RateLimiting:Burst", "5")];
}

[CollectionDefinition(Name)]
public sealed class RateLimitedCollection : ICollectionFixture<RateLimitedServiceFixture>
{
    public const string Name = "rate-limited";
}

[Collection(RateLimitedCollection.Name)]
public class rate_limiting(RateLimitedServiceFixture service)
{
    [Fact]
    public async Task a_credential_past_its_limit_gets_429_with_retry_after_and_others_are_unaffected()
    {
        var clinic = Api.NewClinic();
        var busy = TestCredentials.Token(["coordinator"], [clinic], subject: "busy");
        var quiet = TestCredentials.Token(["coordinator"], [clinic], subject: "quiet");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
            responses.Add(await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, busy)));

        // The bucket holds 5 and refills 1 a second: no more can have passed in the time the requests took.
        var allowed = 5 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBeInRange(5, allowed);
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.TooManyRequests);
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        int.Parse(limited.Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThanOrEqualTo(1);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await service.Anonymous.SendAsync(Endpoints.Request("GET", "/api/clinics/{clinic}/alerts", clinic, quiet)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
