using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace WarningSystem.Shared;

/// <summary>
/// Reads request bodies within a size and depth limit, and says which limit or field was wrong: a client learns
/// what to fix from a 400, 413 or 415 with problem details, never from a 500.
/// </summary>
public static class RequestBody
{
    public const long DefaultMaxBytes = 16 * 1024;

    static readonly JsonSerializerOptions StrictBodies = new(JsonSetup.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads a command body into its record; unknown fields and wrong types name the field.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes = DefaultMaxBytes)
        where T : class
    {
        var (json, problem) = await ReadJsonAsync(request, maxBytes);
        if (problem is not null) return (null, problem);
        using var _ = json;
        try
        {
            return json!.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.Deserialize<T>(StrictBodies) is { } body
                ? (body, null)
                : (null, Problems.Validation([("body", "must be a JSON object")]));
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (null, Problems.Validation([(field, "is not a known field, or has the wrong type")]));
        }
    }

    /// <summary>Reads the body as JSON within a size and depth limit, or says which limit it broke.</summary>
    public static async Task<(JsonDocument? Json, IResult? Problem)> ReadJsonAsync(HttpRequest request, long maxBytes)
    {
        if (request.HasJsonContentType() is false)
            return (null, Problems.Status(415, "Unsupported media type", "Send the body as application/json."));
        var tooLarge = Problems.Status(413, "Request body too large", $"The body must be at most {maxBytes} bytes.");
        if (request.ContentLength > maxBytes) return (null, tooLarge);
        // Bodies without a length (chunked) are cut off by the server at the same limit while being read.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        try
        {
            var json = await JsonDocument.ParseAsync(request.Body,
                new JsonDocumentOptions { MaxDepth = JsonSetup.MaxDepth }, request.HttpContext.RequestAborted);
            if (FirstUnstorableString(json.RootElement) is var (path, error))
            {
                json.Dispose();
                return (null, Problems.Validation([(path, error)], "The request body could not be read."));
            }
            return (json, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        catch (JsonException e)
        {
            return (null, Problems.Validation([("body", $"is not valid JSON: {e.Message}")], "The request body could not be read."));
        }
    }

    /// <summary>
    /// Strings JSON allows but nothing downstream can hold: an escaped lone surrogate ("\ud800") throws when the string is
    /// read, and PostgreSQL's jsonb and text refuse U+0000. Every string and property name is checked once here, so such
    /// a body is a 400 naming the field instead of a 500 wherever it is read or stored.
    /// </summary>
    static (string Path, string Error)? FirstUnstorableString(JsonElement root)
    {
        const string nul = "must not contain the character U+0000";
        var pending = new Stack<(JsonElement Element, string Path)>([(root, "body")]);
        while (pending.TryPop(out var item))
        {
            try
            {
                switch (item.Element.ValueKind)
                {
                    case JsonValueKind.String:
                        if (item.Element.GetString()!.Contains('\0')) return (item.Path, nul);
                        break;
                    case JsonValueKind.Object:
                        foreach (var property in item.Element.EnumerateObject())
                        {
                            if (property.Name.Contains('\0')) return (item.Path, "has a field name with the character U+0000");
                            pending.Push((property.Value, item.Path == "body" ? property.Name : $"{item.Path}.{property.Name}"));
                        }
                        break;
                    case JsonValueKind.Array:
                        var index = 0;
                        foreach (var element in item.Element.EnumerateArray()) pending.Push((element, $"{item.Path}[{index++}]"));
                        break;
                }
            }
            catch (InvalidOperationException)
            {
                return (item.Path, "is not valid Unicode: it escapes half of a surrogate pair");
            }
        }
        return null;
    }
}
