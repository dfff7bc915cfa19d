using WarningSystem.Alerts.Delivery;

namespace WarningSystem.Fhir;

public static class FhirSetup
{
    /// <summary>
    /// FHIR R4 in and out and CDS Hooks; the endpoints are found by Wolverine like every other. Offers webhooks the
    /// "fhir" body format (a DetectedIssue).
    /// </summary>
    public static WebApplicationBuilder AddFhir(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IWebhookBodyFormat, FhirWebhookFormat>();
        builder.Services.AddSingleton<IRefusalFormat, FhirRefusals>();
        return builder;
    }
}
