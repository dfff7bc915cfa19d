using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>A completed ketamine or esketamine administration: a dose given, with the body weight when known.</summary>
public static class MedicationAdministrationMapping
{
    public static MappedResource Map(MedicationAdministration given, FhirRead read)
    {
        if (given.Status != MedicationAdministration.MedicationAdministrationStatusCodes.Completed)
            read.Invalid("status", "must be completed: only a dose given is recorded");
        var drug = DrugOf(given.Medication, read, "medication");
        var patient = read.Patient(given.Subject, "subject");
        var occurredAt = read.Time(given.Effective, "effective");
        var doseMg = FhirCodes.Milligrams(given.Dosage?.Dose);
        if (doseMg is null) read.Invalid("dosage.dose", "must be a quantity in mg (UCUM mg, g or ug)", OperationOutcome.IssueType.Value);
        var route = FhirCodes.RouteOf(given.Dosage?.Route);
        if (route is null) read.Invalid("dosage.route", "must be a SNOMED CT route (IV 47625008, IM 78421000, nasal 46713006, sublingual 37839007, oral 26643006) or name one");
        var sessionId = read.IdOf(given.Context);
        if (sessionId is null) read.Required("context", "the Encounter of the session");
        if (read.Issues.Count > 0) return MappedResource.Failed(read.Issues);

        var data = new DoseGiven(sessionId!, drug!.Value, route!.Value, doseMg!.Value, WeightKg(given, read));
        return new([new(read.EventId, patient!, data, occurredAt!.Value,
            read.RecordedBy(given.Performer.Select(p => p.Actor).FirstOrDefault()),
            new Dictionary<string, string>
            {
                ["data.doseMg"] = "MedicationAdministration.dosage.dose",
                ["data.weightKg"] = "MedicationAdministration.supportingInformation",
                ["data.doseMgPerKg"] = "MedicationAdministration.dosage.dose", ["occurredAt"] = "MedicationAdministration.effective",
                ["patientId"] = "MedicationAdministration.subject",
            })], []);
    }

    /// <summary>The drug from a code, or from the Medication a reference points at (contained or in the Bundle).</summary>
    public static Drug? DrugOf(DataType? medication, FhirRead read, string path)
    {
        var concept = medication switch
        {
            CodeableConcept code => code,
            ResourceReference reference => (read.Resolve(reference) as Medication)?.Code,
            _ => null,
        };
        var drug = FhirCodes.DrugOf(concept);
        if (drug is null) read.Invalid(path, $"must be ketamine or esketamine: RxNorm ({FhirCodes.RxNorm}) 6130, 2201623 or 2201625, or a text naming the drug");
        return drug;
    }

    /// <summary>From a body-weight Observation (LOINC 29463-7) among the supporting information.</summary>
    static decimal? WeightKg(MedicationAdministration given, FhirRead read) => given.SupportingInformation
        .Select(read.Resolve).OfType<Observation>()
        .Where(o => FhirRead.Has(o.Code, FhirCodes.Loinc, FhirCodes.BodyWeight))
        .Select(o => FhirCodes.Kilograms(o.Value as Quantity)).FirstOrDefault(kg => kg is not null);
}
