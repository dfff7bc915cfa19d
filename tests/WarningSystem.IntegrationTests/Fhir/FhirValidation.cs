using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace WarningSystem.IntegrationTests.Fhir;

/// <summary>
/// Firely's validator against the base R4 specification (the specification.zip of Hl7.Fhir.Specification.Data.R4,
/// offline). Built once: loading the specification takes seconds.
/// </summary>
public static class FhirValidation
{
    static readonly Lazy<Validator> Instance = new(() =>
    {
        var source = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(source, new LocalTerminologyService(source));
    });

    static readonly object Gate = new();

    public static void ShouldBeValidR4(this Resource resource)
    {
        OperationOutcome outcome;
        lock (Gate) outcome = Instance.Value.Validate(resource);
        var errors = outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
        errors.ShouldBeEmpty($"{resource.TypeName} is not valid R4: {outcome.ToJson()}");
    }
}
