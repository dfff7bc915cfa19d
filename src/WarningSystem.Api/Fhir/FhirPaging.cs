using Hl7.Fhir.Model;

namespace WarningSystem.Fhir;

/// <summary>A search's page: <c>_count</c> (1 to <see cref="MaxCount"/>, default 50) and <c>page</c> (from 1).</summary>
public sealed record FhirPaging(int Count, int Number)
{
    public const int MaxCount = 200;

    /// <summary>
    /// The page asked for, or the OperationOutcome saying why not. The numbers are read here rather than bound, so
    /// that a value that is not one is an OperationOutcome, not problem details.
    /// </summary>
    public static (FhirPaging? Paging, IResult? Problem) Parse(string? count, string? page)
    {
        var size = 50;
        if (count is not null && !int.TryParse(count, out size) || size is < 1 or > MaxCount)
            return (null, FhirJson.Problem(400, OperationOutcome.IssueType.Value, $"_count must be between 1 and {MaxCount}"));
        var number = 1;
        if (page is not null && !int.TryParse(page, out number) || number < 1)
            return (null, FhirJson.Problem(400, OperationOutcome.IssueType.Value, "page must be 1 or more"));
        return (new FhirPaging(size, number), null);
    }

    /// <summary>How many matches come before this page; null when it starts past all <paramref name="total"/>.</summary>
    public int? Skip(int total) => Paging.Skip(Number, Count, total);

    /// <summary>The searchset of this page's matches, with its <c>self</c> link and, while more follow, <c>next</c>.</summary>
    public Bundle Searchset(HttpRequest request, string path, IEnumerable<(Resource Resource, string FullUrl)> matches, int total)
    {
        var bundle = FhirLinks.Searchset(matches, total);
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{path}{request.QueryString}" });
        if ((long)Number * Count < total)
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = FhirLinks.WithPage(request, path, Number + 1) });
        return bundle;
    }
}
