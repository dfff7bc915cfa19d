using Hl7.Fhir.Model;

namespace WarningSystem.Fhir;

/// <summary>Refusals made before a FHIR endpoint runs (credentials, route ids, rate limit, database) as OperationOutcomes.</summary>
public sealed class FhirRefusals : IRefusalFormat
{
    /// <summary>Everything under a clinic's FHIR base: /api/clinics/{clinicId}/fhir…</summary>
    public bool Claims(HttpRequest request) =>
        request.Path.Value?.Split('/', 6) is ["", "api", "clinics", _, "fhir", ..];

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
