using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http.Features;

namespace WarningSystem.Fhir;

/// <summary>
/// Reading and writing FHIR R4 JSON with Firely's SDK: bodies in within a size limit, and every answer (resources and
/// errors alike) out as <c>application/fhir+json</c>. A body that is not FHIR is a 4xx OperationOutcome, never a 5xx.
/// </summary>
public static partial class FhirJson
{
    public const string MediaType = "application/fhir+json";
    static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings());
    static readonly FhirJsonSerializer Serializer = new();

    public static IResult Write(Resource resource, int status = StatusCodes.Status200OK) =>
        Results.Text(Serializer.SerializeToString(resource), MediaType, System.Text.Encoding.UTF8, status);

    public static string Text(Resource resource) => Serializer.SerializeToString(resource);

    /// <summary>One error as an OperationOutcome: <paramref name="expression"/> is the FHIRPath of the bad element.</summary>
    public static OperationOutcome Outcome(OperationOutcome.IssueType code, string message, string? expression = null) =>
        Outcome([new(code, message, expression)]);

    public static OperationOutcome Outcome(IEnumerable<FhirIssue> issues) => new()
    {
        Issue = issues.Select(i => new OperationOutcome.IssueComponent
        {
            Severity = i.Severity, Code = i.Code, Diagnostics = i.Message,
            Expression = i.Expression is null ? [] : [i.Expression],
        }).ToList(),
    };

    public static IResult Problem(int status, OperationOutcome.IssueType code, string message, string? expression = null) =>
        Write(Outcome(code, message, expression), status);

    /// <summary>The body as a FHIR resource, or the answer that says what is wrong with it.</summary>
    public static async Task<(Resource? Resource, IResult? Problem)> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.HasJsonContentType() is false)
            return (null, Problem(415, OperationOutcome.IssueType.NotSupported, $"Send the body as {MediaType} (or application/json)."));
        var tooLarge = Problem(413, OperationOutcome.IssueType.TooCostly, $"The body must be at most {maxBytes} bytes.");
        if (request.ContentLength > maxBytes) return (null, tooLarge);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        string text;
        try
        {
            using var reader = new StreamReader(request.Body);
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        return Parse(text) is ({ } resource, _) ? (resource, null) : (null, Write(Parse(text).Errors!, 400));
    }

    /// <summary>Strict parsing: unknown elements, wrong types and missing required elements are errors, each located.</summary>
    public static (Resource? Resource, OperationOutcome? Errors) Parse(string text)
    {
        try
        {
            using var depthCheck = System.Text.Json.JsonDocument.Parse(text, new() { MaxDepth = JsonSetup.MaxDepth });
            return (Deserializer.DeserializeResource(text), null);
        }
        catch (DeserializationFailedException e)
        {
            return (null, Outcome(e.Exceptions.Select(x => new FhirIssue(
                OperationOutcome.IssueType.Structure, Unlocated(x.Message), LocationOf(x.Message)))));
        }
        // Whatever else the parser throws on hostile input is still the client's error, never a 500.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, Outcome(OperationOutcome.IssueType.Structure, "The body is not a FHIR R4 JSON resource."));
        }
    }

    // Firely's messages end "At Bundle.entry[0].resource.status, line 1, position 34.": the FHIRPath is what a client needs.
    [GeneratedRegex(@" At (?<path>[^,]+), line \d+, position \d+\.?$")]
    private static partial Regex Located();

    static string? LocationOf(string message) =>
        Located().Match(message) is { Success: true } m ? m.Groups["path"].Value.Replace("$this", "Resource") : null;

    static string Unlocated(string message) => Located().Replace(message, "");
}

/// <summary>One issue of an OperationOutcome.</summary>
public sealed record FhirIssue(OperationOutcome.IssueType Code, string Message, string? Expression,
    OperationOutcome.IssueSeverity Severity = OperationOutcome.IssueSeverity.Error);
