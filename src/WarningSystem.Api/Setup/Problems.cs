using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace WarningSystem.Setup;

/// <summary>RFC 7807 answers shared by every endpoint, and the guarded read of a JSON request body.</summary>
public static class Problems
{
    public static IResult Validation(IEnumerable<(string Field, string Error)> errors, string detail = "The request has invalid fields.")
        => Results.ValidationProblem(ByField(errors), detail: detail, title: "Invalid request");

    public static Dictionary<string, string[]> ByField(IEnumerable<(string Field, string Error)> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray());

    public static IResult Status(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    public static IResult? InvalidIdentifier(string name, string value) =>
        Ingest.IncomingEvent.Identifier().IsMatch(value) ? null
            : Validation([(name, "must be 1-100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit")]);

    static readonly JsonSerializerOptions StrictBodies = new(JsonSetup.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads a small command body into its record; unknown fields and wrong types name the field.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadBodyAsync<T>(HttpRequest request, long maxBytes = 16 * 1024)
        where T : class
    {
        var (json, problem) = await ReadJsonAsync(request, maxBytes);
        if (problem is not null) return (null, problem);
        using var _ = json;
        try
        {
            return json!.RootElement.Deserialize<T>(StrictBodies) is { } body
                ? (body, null)
                : (null, Validation([("body", "must be a JSON object")]));
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (null, Validation([(field, "is not a known field, or has the wrong type")]));
        }
    }

    /// <summary>Reads the body as JSON within a size and depth limit, or says which limit it broke.</summary>
    public static async Task<(JsonDocument? Json, IResult? Problem)> ReadJsonAsync(HttpRequest request, long maxBytes)
    {
        if (request.HasJsonContentType() is false)
            return (null, Status(415, "Unsupported media type", "Send the body as application/json."));
        var tooLarge = Status(413, "Request body too large", $"The body must be at most {maxBytes} bytes.");
        if (request.ContentLength > maxBytes) return (null, tooLarge);
        // Bodies without a length (chunked) are cut off by the server at the same limit while being read.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        try
        {
            var json = await JsonDocument.ParseAsync(request.Body,
                new JsonDocumentOptions { MaxDepth = JsonSetup.MaxDepth }, request.HttpContext.RequestAborted);
            return (json, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        catch (JsonException e)
        {
            return (null, Validation([("body", $"is not valid JSON: {e.Message}")], "The request body could not be read."));
        }
    }
}
