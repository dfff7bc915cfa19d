namespace WarningSystem.Fhir;

public static class FhirSetup
{
    /// <summary>FHIR R4 in and out. Its endpoints are found by Wolverine like every other; nothing else to register yet.</summary>
    public static WebApplicationBuilder AddFhir(this WebApplicationBuilder builder) => builder;
}
