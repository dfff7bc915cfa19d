using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>
/// Observations: a craving score (0–10), withdrawal symptoms, DAST-10 and AUDIT totals. A body weight records
/// nothing of its own: it is read as the weight of the dose that refers to it.
/// </summary>
public static class ObservationMapping
{
    public static MappedResource Map(Observation observation, FhirRead read)
    {
        if (FhirRead.Has(observation.Code, FhirCodes.Loinc, FhirCodes.BodyWeight))
            return MappedResource.Nothing("a body weight is read as the weight of the dose that refers to it");
        if (observation.Status is not (ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected))
            read.Invalid("status", "must be final, amended or corrected");
        var patient = read.Patient(observation.Subject, "subject");
        var occurredAt = read.Time(observation.Effective, "effective");
        var data = DataOf(observation, read);
        if (read.Issues.Count > 0 || data is null) return MappedResource.Failed(read.Issues);
        return new([new(read.EventId, patient!, data, occurredAt!.Value, read.RecordedBy(observation.Performer.FirstOrDefault()),
            new Dictionary<string, string>
            {
                ["data.intensity"] = "Observation.value", ["data.score"] = "Observation.value",
                ["data.symptoms"] = "Observation.component", ["occurredAt"] = "Observation.effective",
                ["patientId"] = "Observation.subject",
            })], []);
    }

    static object? DataOf(Observation observation, FhirRead read)
    {
        var code = observation.Code;
        if (FhirRead.Has(code, FhirCodes.Loinc, FhirCodes.Dast10Total)) return Screening(ScreeningInstrument.Dast10, observation, read);
        if (FhirRead.Has(code, FhirCodes.Loinc, FhirCodes.AuditTotal)) return Screening(ScreeningInstrument.Audit, observation, read);
        var words = FhirCodes.Words(code);
        if (FhirRead.Has(code, FhirCodes.Local, "craving") || words.Contains("craving"))
        {
            var score = Number(observation.Value, read);
            return score is null ? null : new CravingReported((int)score.Value, observation.Encounter is null ? null : true);
        }
        if (FhirRead.Has(code, FhirCodes.Local, "withdrawal") || words.Contains("withdrawal")) return Withdrawal(observation, read);
        read.Invalid("code", $"must be a craving score or withdrawal symptoms ({FhirCodes.Local} craving | withdrawal, or a text naming them), DAST-10 total (LOINC {FhirCodes.Dast10Total}), AUDIT total (LOINC {FhirCodes.AuditTotal}) or body weight (LOINC {FhirCodes.BodyWeight})");
        return null;
    }

    static RiskScreeningRecorded? Screening(ScreeningInstrument instrument, Observation observation, FhirRead read)
    {
        if (Number(observation.Value, read) is not { } score) return null;
        if (score <= FhirCodes.ScreeningMaximum[instrument]) return new(instrument, score, false, false, false);
        read.Invalid("value", $"must be at most {FhirCodes.ScreeningMaximum[instrument]}, the instrument's highest total", OperationOutcome.IssueType.Value);
        return null;
    }

    static WithdrawalSymptomsReported? Withdrawal(Observation observation, FhirRead read)
    {
        var severity = FhirCodes.Find(observation.Value as CodeableConcept, FhirCodes.SnomedSeverities);
        if (severity is null) read.Invalid("value", "must be a severity: SNOMED CT mild 255604002, moderate 6736007, severe 24484000, or the word");
        var symptoms = new List<WithdrawalSymptom>();
        for (var i = 0; i < observation.Component.Count; i++)
        {
            if (FhirCodes.Find(observation.Component[i].Code, FhirCodes.SnomedSymptoms) is { } symptom) symptoms.Add(symptom);
            else read.Invalid($"component[{i}].code", "must be a symptom: SNOMED CT irritability 55929007, anxiety 48694002, low mood 366979004, insomnia 193462001, or the word (other)");
        }
        if (symptoms.Count == 0 && observation.Component.Count == 0) read.Required("component", "one component per symptom");
        return read.Issues.Count > 0 ? null : new(symptoms.Distinct().ToList(), severity!.Value);
    }

    static decimal? Number(DataType? value, FhirRead read)
    {
        decimal? number = value switch
        {
            Integer integer => integer.Value,
            Quantity quantity => quantity.Value,
            _ => null,
        };
        if (number is null) read.Invalid("value", "must be a valueInteger or valueQuantity", OperationOutcome.IssueType.Value);
        return number;
    }
}
