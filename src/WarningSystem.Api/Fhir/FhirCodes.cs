using Hl7.Fhir.Model;
using WarningSystem.Ingest;
using Route = WarningSystem.Ingest.Route;

namespace WarningSystem.Fhir;

/// <summary>
/// The codes the FHIR mapping accepts (README, FHIR). Where no single standard code exists (cravings, withdrawal,
/// the kind of an off-schedule request), the element's text is matched too, and the README says so.
/// </summary>
public static class FhirCodes
{
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    /// <summary>This service's own code system, for what standard terminologies do not code.</summary>
    public const string Local = "https://warningsystem.example.org/fhir/CodeSystem/observation";

    public const string BodyWeight = "29463-7";
    public const string Dast10Total = "82667-7";
    public const string AuditTotal = "75624-7";
    /// <summary>LOINC panels (the questionnaires) whose totals are the two scores above.</summary>
    public const string Dast10Panel = "82666-9";
    public const string AuditPanel = "72109-2";

    /// <summary>The highest total each instrument can score (DAST-10: 10 questions of 1 point; AUDIT: 10 of 0–4).</summary>
    public static readonly IReadOnlyDictionary<ScreeningInstrument, int> ScreeningMaximum = new Dictionary<ScreeningInstrument, int>
    {
        [ScreeningInstrument.Dast10] = 10, [ScreeningInstrument.Audit] = 40,
    };

    /// <summary>
    /// What a questionnaire item records, from its <c>linkId</c> or <c>definition</c>: a LOINC total
    /// ("82667-7", "/82666-9/82667-7", "http://loinc.org/rdf#82667-7") or this service's own code
    /// ("craving", "{Local}#withdrawal"). The last segment of the name decides.
    /// </summary>
    public static Measure? MeasureOf(string? name) => LastSegment(name)?.ToLowerInvariant() switch
    {
        Dast10Total => Measure.Dast10,
        AuditTotal => Measure.Audit,
        "craving" => Measure.Craving,
        "withdrawal" => Measure.Withdrawal,
        _ => null,
    };

    /// <summary>A questionnaire canonical naming the DAST-10 or AUDIT LOINC panel ("http://loinc.org/q/82666-9|2.76").</summary>
    public static bool IsScreeningPanel(string? canonical) => LastSegment(canonical?.Split('|')[0]) is Dast10Panel or AuditPanel;

    static string? LastSegment(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split('/', '#').LastOrDefault(s => s.Length > 0);

    /// <summary>RxNorm: ketamine (ingredient 6130); esketamine nasal spray (2201623) and Spravato (2201625).</summary>
    public static readonly IReadOnlyDictionary<string, Drug> RxNormDrugs = new Dictionary<string, Drug>
    {
        ["6130"] = Drug.Ketamine, ["2201623"] = Drug.Esketamine, ["2201625"] = Drug.Esketamine,
    };

    /// <summary>SNOMED CT routes of administration.</summary>
    public static readonly IReadOnlyDictionary<string, Route> SnomedRoutes = new Dictionary<string, Route>
    {
        ["47625008"] = Route.IV, ["78421000"] = Route.IM, ["46713006"] = Route.Intranasal,
        ["37839007"] = Route.Sublingual, ["26643006"] = Route.Oral,
    };

    static readonly (string Word, Route Route)[] RouteWords =
    [
        ("intravenous", Route.IV), ("iv", Route.IV), ("intramuscular", Route.IM), ("im", Route.IM),
        ("intranasal", Route.Intranasal), ("nasal", Route.Intranasal), ("sublingual", Route.Sublingual), ("oral", Route.Oral),
    ];

    /// <summary>SNOMED CT symptom findings, and the words that name them.</summary>
    public static readonly IReadOnlyDictionary<string, WithdrawalSymptom> SnomedSymptoms = new Dictionary<string, WithdrawalSymptom>
    {
        ["55929007"] = WithdrawalSymptom.Irritability, ["48694002"] = WithdrawalSymptom.Anxiety,
        ["366979004"] = WithdrawalSymptom.LowMood, ["193462001"] = WithdrawalSymptom.Insomnia,
    };

    /// <summary>SNOMED CT severities: mild, moderate, severe.</summary>
    public static readonly IReadOnlyDictionary<string, SymptomSeverity> SnomedSeverities = new Dictionary<string, SymptomSeverity>
    {
        ["255604002"] = SymptomSeverity.Mild, ["6736007"] = SymptomSeverity.Moderate, ["24484000"] = SymptomSeverity.Severe,
    };

    public static Drug? DrugOf(CodeableConcept? concept)
    {
        foreach (var coding in concept?.Coding ?? [])
            if (coding.System == RxNorm && coding.Code is { } code && RxNormDrugs.TryGetValue(code, out var drug)) return drug;
        var words = Words(concept);
        return words.Contains("esketamine") || words.Contains("spravato") ? Drug.Esketamine
            : words.Contains("ketamine") ? Drug.Ketamine : null;
    }

    public static Route? RouteOf(CodeableConcept? concept)
    {
        foreach (var coding in concept?.Coding ?? [])
            if (coding.System == Snomed && coding.Code is { } code && SnomedRoutes.TryGetValue(code, out var route)) return route;
        var words = Words(concept).Split([' ', ',', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
        return RouteWords.FirstOrDefault(r => words.Contains(r.Word)) is { Word: not null } found ? found.Route : null;
    }

    public static T? Find<T>(CodeableConcept? concept, IReadOnlyDictionary<string, T> snomed) where T : struct, Enum
    {
        foreach (var coding in concept?.Coding ?? [])
            if (coding.System == Snomed && coding.Code is { } code && snomed.TryGetValue(code, out var value)) return value;
        var words = Words(concept);
        return Enum.GetValues<T>().Cast<T?>()
            .FirstOrDefault(v => words.Contains(JsonNames.Of(v!.Value).Replace('-', ' ')) || words.Contains(JsonNames.Of(v!.Value)));
    }

    /// <summary>Text, displays and codes of a concept, lower case: what the text matching reads.</summary>
    public static string Words(CodeableConcept? concept) => concept is null ? "" : string.Join(" ",
        new[] { concept.Text }.Concat(concept.Coding.SelectMany(c => new[] { c.Display, c.Code }))
            .Where(t => t is not null)).ToLowerInvariant();

    /// <summary>A quantity in milligrams (UCUM mg, g or ug); null when it is in another unit.</summary>
    public static decimal? Milligrams(Quantity? quantity) => (quantity?.Value, quantity?.Code ?? quantity?.Unit) switch
    {
        ({ } v, "mg") => v,
        ({ } v, "g") => v * 1000,
        ({ } v, "ug" or "mcg") => v / 1000,
        _ => null,
    };

    public static decimal? Kilograms(Quantity? quantity) => (quantity?.Value, quantity?.Code ?? quantity?.Unit) switch
    {
        ({ } v, "kg") => v,
        ({ } v, "g") => v / 1000,
        ({ } v, "[lb_av]" or "lb" or "lbs") => Math.Round(v * 0.45359237m, 2),
        _ => null,
    };
}

/// <summary>The kinds of patient-reported measure an Observation or a questionnaire item carries.</summary>
public enum Measure { Craving, Withdrawal, Dast10, Audit }
