using Hl7.Fhir.Model;

namespace WarningSystem.Fhir;

/// <summary>Absolute URLs of this clinic's FHIR base, and searchset Bundles with them.</summary>
public static class FhirLinks
{
    public static string Base(HttpRequest request, string clinicId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/api/clinics/{clinicId}/fhir";

    /// <summary>A search's <c>patient</c> parameter: a bare id or a <c>Patient/{id}</c> reference.</summary>
    public static string? PatientId(string? patient) =>
        patient?.StartsWith("Patient/") == true ? patient["Patient/".Length..] : patient;

    public static Bundle Searchset(IEnumerable<(Resource Resource, string FullUrl)> matches, int total) => new()
    {
        Type = Bundle.BundleType.Searchset,
        Total = total,
        Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow },
        Entry = matches.Select(m => new Bundle.EntryComponent
        {
            FullUrl = m.FullUrl, Resource = m.Resource, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
        }).ToList(),
    };

    public static string WithPage(HttpRequest request, string path, int page)
    {
        var query = request.Query.Where(q => q.Key != "page")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"page={page}");
        return $"{path}?{string.Join("&", query)}";
    }
}
