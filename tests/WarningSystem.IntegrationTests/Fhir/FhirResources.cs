using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace WarningSystem.IntegrationTests.Fhir;

/// <summary>FHIR R4 resources as an EHR would send them, built with Firely's POCOs.</summary>
public static class FhirResources
{
    public const string Rx = "http://www.nlm.nih.gov/research/umls/rxnorm", Sct = "http://snomed.info/sct", Loinc = "http://loinc.org";
    static readonly FhirJsonSerializer Serializer = new();
    static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings());

    public static string At(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssK");

    public static Encounter Encounter(string patient, string id, DateTimeOffset start, string? appointment = null) => new()
    {
        Id = id, Status = Hl7.Fhir.Model.Encounter.EncounterStatus.Finished,
        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
        Subject = new ResourceReference($"Patient/{patient}"), Period = new Period { Start = At(start) },
        Appointment = appointment is null ? [] : [new ResourceReference($"Appointment/{appointment}")],
    };

    public static MedicationAdministration Dose(string patient, string id, DateTimeOffset at, decimal mg, string encounter,
        decimal? weightKg = null, string routeCode = "47625008", string version = "1")
    {
        var given = new MedicationAdministration
        {
            Id = id, Meta = new Meta { VersionId = version },
            Status = MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
            Medication = new CodeableConcept(Rx, "6130", "ketamine"),
            Subject = new ResourceReference($"Patient/{patient}"), Context = new ResourceReference($"Encounter/{encounter}"),
            Effective = new FhirDateTime(At(at)),
            Dosage = new MedicationAdministration.DosageComponent
            {
                Dose = new Quantity(mg, "mg"), Route = new CodeableConcept(Sct, routeCode),
            },
        };
        if (weightKg is { } kg)
        {
            given.Contained.Add(new Observation
            {
                Id = "weight", Status = ObservationStatus.Final, Code = new CodeableConcept(Loinc, "29463-7", "Body weight"),
                Subject = new ResourceReference($"Patient/{patient}"), Value = new Quantity(kg, "kg"),
            });
            given.SupportingInformation.Add(new ResourceReference("#weight"));
        }
        return given;
    }

    public static MedicationRequest Order(string patient, string id, DateTimeOffset at, decimal mgPerKg, int perWeek, string? prior = null) => new()
    {
        Id = id, Status = MedicationRequest.MedicationrequestStatus.Active, Intent = MedicationRequest.MedicationRequestIntent.Order,
        Medication = new CodeableConcept(Rx, "6130", "ketamine"), Subject = new ResourceReference($"Patient/{patient}"),
        AuthoredOn = At(at), Requester = new ResourceReference("Practitioner/dr-lee"),
        PriorPrescription = prior is null ? null : new ResourceReference($"MedicationRequest/{prior}"),
        DosageInstruction =
        [
            new Dosage
            {
                Route = new CodeableConcept(Sct, "47625008"),
                Timing = new Timing { Repeat = new Timing.RepeatComponent { Frequency = perWeek, Period = 1, PeriodUnit = Timing.UnitsOfTime.Wk } },
                DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity(mgPerKg, "mg/kg") }],
            },
        ],
    };

    public static Appointment Appointment(string patient, string id, Appointment.AppointmentStatus status, DateTimeOffset start, DateTimeOffset created) => new()
    {
        Id = id, Status = status, Start = start, End = start.AddHours(1), Created = At(created),
        Meta = new Meta { LastUpdated = created },
        Participant = [new Appointment.ParticipantComponent { Actor = new ResourceReference($"Patient/{patient}"), Status = ParticipationStatus.Accepted }],
    };

    public static Observation Craving(string patient, string id, DateTimeOffset at, int score) => new()
    {
        Id = id, Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "Ketamine craving (0-10)" },
        Subject = new ResourceReference($"Patient/{patient}"), Effective = new FhirDateTime(At(at)), Value = new Integer(score),
    };

    public static Observation Dast10(string patient, string id, DateTimeOffset at, int score) => new()
    {
        Id = id, Status = ObservationStatus.Final, Code = new CodeableConcept(Loinc, "82667-7", "DAST-10 total score"),
        Subject = new ResourceReference($"Patient/{patient}"), Effective = new FhirDateTime(At(at)), Value = new Integer(score),
    };

    public static Observation Withdrawal(string patient, string id, DateTimeOffset at, string severityCode = "24484000") => new()
    {
        Id = id, Status = ObservationStatus.Final, Code = new CodeableConcept { Text = "Ketamine withdrawal symptoms" },
        Subject = new ResourceReference($"Patient/{patient}"), Effective = new FhirDateTime(At(at)),
        Value = new CodeableConcept(Sct, severityCode),
        Component = [new Observation.ComponentComponent { Code = new CodeableConcept(Sct, "193462001", "Insomnia") }],
    };

    /// <summary>A completed questionnaire response; its items are built with <see cref="Item"/>.</summary>
    public static QuestionnaireResponse Questionnaire(string patient, string id, DateTimeOffset at, string version = "1",
        string? questionnaire = null, params QuestionnaireResponse.ItemComponent[] items) => new()
    {
        Id = id, Meta = new Meta { VersionId = version }, Questionnaire = questionnaire,
        Status = version == "1" ? QuestionnaireResponse.QuestionnaireResponseStatus.Completed : QuestionnaireResponse.QuestionnaireResponseStatus.Amended,
        Subject = new ResourceReference($"Patient/{patient}"), Authored = At(at), Item = [.. items],
    };

    public static QuestionnaireResponse.ItemComponent Item(string linkId, params DataType[] answers) => new()
    {
        LinkId = linkId, Answer = answers.Select(a => new QuestionnaireResponse.AnswerComponent { Value = a }).ToList(),
    };

    public static Bundle Bundle(Bundle.BundleType type, params Resource[] resources) => new()
    {
        Type = type,
        Entry = resources.Select(r => new Hl7.Fhir.Model.Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = r,
            Request = type == Hl7.Fhir.Model.Bundle.BundleType.Collection ? null
                : new Hl7.Fhir.Model.Bundle.RequestComponent { Method = Hl7.Fhir.Model.Bundle.HTTPVerb.PUT, Url = $"{r.TypeName}/{r.Id}" },
        }).ToList(),
    };

    public static StringContent Content(Resource resource) => Content(Serializer.SerializeToString(resource));

    public static StringContent Content(string text) => new(text, Encoding.UTF8, "application/fhir+json");

    public static Task<HttpResponseMessage> PostFhir(this HttpClient client, string clinic, Resource resource) =>
        client.PostAsync($"/api/clinics/{clinic}/fhir", Content(resource));

    public static async Task<T> Read<T>(this HttpResponseMessage response) where T : Resource
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/fhir+json");
        return (T)Deserializer.DeserializeResource(await response.Content.ReadAsStringAsync());
    }
}
