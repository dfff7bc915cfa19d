using Hl7.Fhir.Model;
using WarningSystem.Ingest;

namespace WarningSystem.Fhir;

/// <summary>
/// A completed questionnaire: each item that is a craving score, withdrawal symptoms, or a DAST-10 or AUDIT total
/// becomes its own event, with the codes of <see cref="ObservationMapping"/>. An R4 item has no <c>code</c>, so an
/// item is recognised by its <c>linkId</c> or <c>definition</c> (<see cref="FhirCodes.MeasureOf"/>). In a response to
/// the DAST-10 or AUDIT LOINC panel the single questions are passed over (the total is what is recorded); elsewhere an
/// answered item that is none of these is an error, so nothing the EHR meant to tell is dropped silently.
/// </summary>
public static class QuestionnaireResponseMapping
{
    public static MappedResource Map(QuestionnaireResponse response, FhirRead read)
    {
        if (response.Status is not (QuestionnaireResponse.QuestionnaireResponseStatus.Completed
            or QuestionnaireResponse.QuestionnaireResponseStatus.Amended))
            read.Invalid("status", "must be completed or amended");
        var patient = read.Patient(response.Subject, "subject");
        var occurredAt = read.Time(response.Authored, "authored");
        var panel = FhirCodes.IsScreeningPanel(response.Questionnaire);

        var found = new List<(string Path, string EventId, object? Data)>();
        foreach (var (item, path) in Items(response.Item, "item"))
        {
            var measure = FhirCodes.MeasureOf(item.LinkId) ?? FhirCodes.MeasureOf(item.Definition);
            if (measure is null)
            {
                if (item.Answer.Count > 0 && !panel)
                    read.Invalid(path, $"is not a craving score or withdrawal symptoms (linkId or definition craving | withdrawal), a DAST-10 total (LOINC {FhirCodes.Dast10Total}) or an AUDIT total (LOINC {FhirCodes.AuditTotal})");
                continue;
            }
            var eventId = $"{read.EventId}/{item.LinkId}";
            if (found.Any(f => f.EventId == eventId)) read.Invalid($"{path}.linkId", "must be unique: it is part of the event's id");
            found.Add((path, eventId, DataOf(measure.Value, item, path, response.Encounter is not null, read)));
        }
        if (found.Count == 0 && read.Issues.Count == 0)
            read.Required("item", "an item that is a craving score, withdrawal symptoms, or a DAST-10 or AUDIT total");
        if (read.Issues.Count > 0) return MappedResource.Failed(read.Issues);

        var recordedBy = read.RecordedBy(response.Author, response.Source);
        return new(found.Select(f => new FhirEvent(f.EventId, patient!, f.Data!, occurredAt!.Value, recordedBy,
            new Dictionary<string, string>
            {
                ["data.intensity"] = $"QuestionnaireResponse.{f.Path}.answer[0]", ["data.score"] = $"QuestionnaireResponse.{f.Path}.answer[0]",
                ["data.symptoms"] = $"QuestionnaireResponse.{f.Path}.answer", ["occurredAt"] = "QuestionnaireResponse.authored",
                ["patientId"] = "QuestionnaireResponse.subject",
            })).ToList(), []);
    }

    /// <summary>Every item with its FHIRPath, groups and items nested under answers included.</summary>
    static IEnumerable<(QuestionnaireResponse.ItemComponent Item, string Path)> Items(List<QuestionnaireResponse.ItemComponent> items, string path)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var here = $"{path}[{i}]";
            yield return (items[i], here);
            foreach (var nested in Items(items[i].Item, $"{here}.item")) yield return nested;
            for (var a = 0; a < items[i].Answer.Count; a++)
                foreach (var nested in Items(items[i].Answer[a].Item, $"{here}.answer[{a}].item")) yield return nested;
        }
    }

    static object? DataOf(Measure measure, QuestionnaireResponse.ItemComponent item, string path, bool inSession, FhirRead read)
    {
        if (item.Answer.Count == 0)
        {
            read.Required($"{path}.answer", "the answer");
            return null;
        }
        if (measure == Measure.Withdrawal) return Withdrawal(item, path, read);
        if (item.Answer.Count > 1) read.Invalid($"{path}.answer", "must be one answer", OperationOutcome.IssueType.Value);
        ScreeningInstrument? instrument = measure switch
        {
            Measure.Dast10 => ScreeningInstrument.Dast10,
            Measure.Audit => ScreeningInstrument.Audit,
            _ => null,
        };
        var maximum = instrument is { } i ? FhirCodes.ScreeningMaximum[i] : 10; // a craving score is 0–10
        var score = WholeNumber(item.Answer[0].Value, maximum, $"{path}.answer[0]", read);
        if (score is null || read.Issues.Count > 0) return null;
        return instrument is null
            ? new CravingReported(score.Value, inSession ? true : null)
            : new RiskScreeningRecorded(instrument.Value, score.Value, false, false, false);
    }

    /// <summary>One answer per symptom and one for the severity: SNOMED CT codings (or their words), as in an Observation.</summary>
    static WithdrawalSymptomsReported? Withdrawal(QuestionnaireResponse.ItemComponent item, string path, FhirRead read)
    {
        var symptoms = new List<WithdrawalSymptom>();
        var severities = new List<SymptomSeverity>();
        for (var a = 0; a < item.Answer.Count; a++)
        {
            var concept = item.Answer[a].Value switch
            {
                Coding coding => new CodeableConcept { Coding = [coding] },
                FhirString text => new CodeableConcept { Text = text.Value },
                _ => null,
            };
            var symptom = FhirCodes.Find(concept, FhirCodes.SnomedSymptoms);
            var severity = FhirCodes.Find(concept, FhirCodes.SnomedSeverities);
            if (symptom is { } s) symptoms.Add(s);
            if (severity is { } v) severities.Add(v);
            if (symptom is null && severity is null)
                read.Invalid($"{path}.answer[{a}]", "must be a symptom (SNOMED CT irritability 55929007, anxiety 48694002, low mood 366979004, insomnia 193462001, or the word; other) or a severity (SNOMED CT mild 255604002, moderate 6736007, severe 24484000, or the word)");
        }
        if (read.Issues.Count > 0) return null;
        if (severities.Distinct().Count() != 1) read.Invalid($"{path}.answer", "must hold exactly one severity: mild, moderate or severe");
        if (symptoms.Count == 0) read.Required($"{path}.answer", "one answer per symptom");
        return read.Issues.Count > 0 ? null : new(symptoms.Distinct().ToList(), severities[0]);
    }

    static int? WholeNumber(DataType? value, int maximum, string path, FhirRead read)
    {
        decimal? number = value switch
        {
            Integer integer => integer.Value,
            FhirDecimal fhirDecimal => fhirDecimal.Value,
            Quantity quantity => quantity.Value,
            _ => null,
        };
        if (number is null) read.Invalid(path, "must be a valueInteger, valueDecimal or valueQuantity", OperationOutcome.IssueType.Value);
        else if (number < 0 || number > maximum || number != decimal.Truncate(number.Value))
            read.Invalid(path, $"must be a whole number from 0 to {maximum}", OperationOutcome.IssueType.Value);
        else return (int)number.Value;
        return null;
    }
}
