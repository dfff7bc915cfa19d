using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using WarningSystem.IntegrationTests.Delivery;
using static WarningSystem.IntegrationTests.Fhir.FhirResources;
using Task = System.Threading.Tasks.Task;

namespace WarningSystem.IntegrationTests.Fhir;

[Collection(ServiceCollection.Name)]
public class delivering_fhir_webhooks(ServiceFixture service)
{
    [Fact]
    public async Task a_webhook_in_fhir_format_receives_a_signed_valid_detected_issue()
    {
        var clinic = Api.NewClinic();
        await using var receiver = await WebhookReceiver.StartAsync();
        var registered = await service.Client.PostAsJsonAsync($"/api/clinics/{clinic}/webhooks",
            new { url = receiver.Url, secret = receiver.Secret, format = "fhir" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await registered.Body()).GetProperty("format").GetString().ShouldBe("fhir");

        (await service.Client.PostFhir(clinic, Withdrawal("p1", "obs-w1", DateTimeOffset.UtcNow.AddDays(-1)))).EnsureSuccessStatusCode();
        var alertId = (await service.Client.WaitForRule(clinic, "p1", "withdrawal-signs")).Single().GetProperty("alertId").GetString();
        var delivery = (await Webhooks.Until(() => receiver.Accepted.Values.ToArray(), a => a.Length > 0, "a delivery"))
            .ShouldHaveSingleItem().ShouldHaveSingleItem();

        delivery.SignatureValid.ShouldBeTrue();
        delivery.IdempotencyKey.ShouldNotBeNullOrEmpty();
        var issue = (DetectedIssue)new FhirJsonDeserializer(new DeserializerSettings()).DeserializeResource(Encoding.UTF8.GetString(delivery.Raw));
        issue.Id.ShouldBe(alertId);
        issue.Status.ShouldBe(ObservationStatus.Preliminary);
        issue.Implicated.Single().Reference.ShouldBe("Observation/obs-w1/_history/1");
        issue.ShouldBeValidR4();
    }

    [Fact]
    public async Task an_unknown_format_is_refused()
    {
        var response = await service.Client.PostAsJsonAsync($"/api/clinics/{Api.NewClinic()}/webhooks",
            new { url = "https://ehr.example.org/hook", secret = "a-long-enough-secret", format = "xml" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Body()).GetProperty("errors").TryGetProperty("format", out _).ShouldBeTrue();
    }
}
