using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Microsoft.OpenApi;

namespace WarningSystem.Fhir;

/// <summary>Refusals made before a FHIR endpoint runs (credentials, route ids, rate limit, database) as OperationOutcomes.</summary>
public sealed class FhirRefusals : IRefusalFormat
{
    /// <summary>Everything under a clinic's FHIR base: /api/clinics/{clinicId}/fhir…</summary>
    public bool Claims(PathString path) => path.Value?.Split('/', 6) is ["", "api", "clinics", _, "fhir", ..];

    public string MediaType => FhirJson.MediaType;

    /// <summary>An OperationOutcome as the document shows it: its type and at least one issue with severity and code.</summary>
    public (string Id, OpenApiSchema Schema) RefusalSchema() => (nameof(OperationOutcome), new OpenApiSchema
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "resourceType", "issue" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["resourceType"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("OperationOutcome")] },
            ["issue"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array, MinItems = 1,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "severity", "code" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["severity"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["diagnostics"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["expression"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
            },
        },
    });

    public IResult Refusal(int status, string detail) => FhirJson.Problem(status, status switch
    {
        400 => OperationOutcome.IssueType.Invalid,
        401 => OperationOutcome.IssueType.Login,
        403 => OperationOutcome.IssueType.Forbidden,
        429 => OperationOutcome.IssueType.Throttled,
        503 => OperationOutcome.IssueType.Transient,
        _ => OperationOutcome.IssueType.Processing,
    }, detail);
}
