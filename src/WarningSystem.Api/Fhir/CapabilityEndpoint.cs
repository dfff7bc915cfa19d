using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Fhir;

/// <summary>What this FHIR base supports, exactly: batch and transaction in, DetectedIssue and Flag out.</summary>
public static class CapabilityEndpoint
{
    [Authorize(Policy = Policies.ReadRules)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, FhirJson.MediaType)]
    [WolverineGet("/api/clinics/{clinicId}/fhir/metadata")]
    public static IResult Get(string clinicId, HttpRequest request) => FhirJson.Write(Statement(FhirLinks.Base(request, clinicId)));

    static readonly CapabilityStatement.SystemRestfulInteraction[] SystemInteractions =
        [CapabilityStatement.SystemRestfulInteraction.Batch, CapabilityStatement.SystemRestfulInteraction.Transaction];

    public static CapabilityStatement Statement(string baseUrl) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2026-11-25",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "WarningSystem" },
        Implementation = new CapabilityStatement.ImplementationComponent
        {
            Description = "Ketamine and esketamine misuse monitoring for one clinic", Url = baseUrl,
        },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "POST a Bundle (transaction, batch or collection) or a single resource to the base: each supported resource becomes a patient event. Alerts are read as DetectedIssue, the chart banner as Flag.",
                Security = new CapabilityStatement.SecurityComponent
                {
                    Description = "Authorization: Bearer with an API key or a token of the organisation's identity provider (or X-Api-Key).",
                },
                Interaction = SystemInteractions.Select(i => new CapabilityStatement.SystemInteractionComponent { Code = i }).ToList(),
                Resource =
                [
                    Read("DetectedIssue", "Each alert of the clinic.", true,
                        Param("patient", SearchParamType.Reference, "the patient's id"),
                        Param("status", SearchParamType.Token, "preliminary | final | cancelled, or the alert's own open | acknowledged | snoozed | resolved"),
                        Param("_count", SearchParamType.Number, "page size, at most 200")),
                    Read("Flag", "One per patient with alerts: active while any is not resolved.", false,
                        Param("patient", SearchParamType.Reference, "the patient's id")),
                    .. FhirMapping.Supported.Select(type => new CapabilityStatement.ResourceComponent
                    {
                        Type = type, Documentation = $"Accepted in a Bundle or alone, posted to the base; see the README for the codes accepted.",
                    }),
                ],
            },
        ],
    };

    static CapabilityStatement.ResourceComponent Read(string type, string documentation, bool read,
        params CapabilityStatement.SearchParamComponent[] parameters) => new()
    {
        Type = type, Documentation = documentation,
        Interaction =
        [
            .. read ? new[] { new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read } } : [],
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
        ],
        SearchParam = parameters.ToList(),
    };

    static CapabilityStatement.SearchParamComponent Param(string name, SearchParamType type, string documentation) =>
        new() { Name = name, Type = type, Documentation = documentation };
}
