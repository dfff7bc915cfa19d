using System.Net;
using System.Net.Http.Json;

namespace WarningSystem.IntegrationTests.Delivery;

[Collection(ServiceCollection.Name)]
public class registering_webhooks(ServiceFixture service)
{
    const string Secret = "s3cret-value-that-must-stay-inside";

    [Fact]
    public async Task a_webhook_is_created_listed_and_deleted_without_its_secret_ever_coming_back()
    {
        var clinic = Api.NewClinic();
        var created = await service.Client.PostAsJsonAsync($"/api/clinics/{clinic}/webhooks",
            new { url = "https://ehr.example.org/hooks/alerts", secret = Secret, severities = new[] { "high", "critical" }, name = "EHR" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var createdText = await created.Content.ReadAsStringAsync();
        createdText.ShouldNotContain(Secret);
        createdText.ShouldNotContain("secret");
        var id = (await created.Body()).GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().ShouldBe($"/api/clinics/{clinic}/webhooks/{id}");

        var list = await service.Client.GetAsync($"/api/clinics/{clinic}/webhooks");
        var listText = await list.Content.ReadAsStringAsync();
        listText.ShouldNotContain(Secret);
        var webhook = (await list.Body()).GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        webhook.GetProperty("id").GetString().ShouldBe(id);
        webhook.GetProperty("url").GetString().ShouldBe("https://ehr.example.org/hooks/alerts");
        webhook.GetProperty("name").GetString().ShouldBe("EHR");
        webhook.GetProperty("severities").EnumerateArray().Select(s => s.GetString()).ShouldBe(["high", "critical"]);
        webhook.TryGetProperty("secret", out _).ShouldBeFalse();

        var otherClinic = await (await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/webhooks")).Body();
        otherClinic.GetProperty("items").GetArrayLength().ShouldBe(0);

        (await service.Client.DeleteAsync($"/api/clinics/{clinic}/webhooks/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await service.Client.GetAsync($"/api/clinics/{clinic}/webhooks")).Body()).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await service.Client.DeleteAsync($"/api/clinics/{clinic}/webhooks/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "url": "ftp://ehr.example.org/hook", "secret": "0123456789abcdef" }""", "url")]
    [InlineData("""{ "url": "/hooks/relative", "secret": "0123456789abcdef" }""", "url")]
    [InlineData("""{ "secret": "0123456789abcdef" }""", "url")]
    [InlineData("""{ "url": "https://ehr.example.org/hook", "secret": "too-short" }""", "secret")]
    [InlineData("""{ "url": "https://ehr.example.org/hook" }""", "secret")]
    [InlineData("""{ "url": "https://ehr.example.org/hook", "secret": "0123456789abcdef", "severities": ["low"] }""", "severities")]
    [InlineData("""{ "url": "https://ehr.example.org/hook", "secret": "0123456789abcdef", "severities": "high" }""", "severities")]
    public async Task an_invalid_registration_is_a_problem_naming_the_field(string body, string field)
    {
        var clinic = Api.NewClinic();
        var response = await service.Client.PostAsync($"/api/clinics/{clinic}/webhooks", Api.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Body();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe([field]);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("0123456789abcdef");
        (await (await service.Client.GetAsync($"/api/clinics/{clinic}/webhooks")).Body()).GetProperty("items").GetArrayLength().ShouldBe(0);
    }
}
