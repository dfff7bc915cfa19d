namespace WarningSystem.Shared;

/// <summary>
/// How a feature that speaks its own format wants refusals written that are made before its endpoints run
/// (route ids, credentials, rate limits, an unreachable database): a FHIR client expects an OperationOutcome,
/// not problem details. The kernel knows no such feature; a feature registers its format as a service.
/// </summary>
public interface IRefusalFormat
{
    /// <summary>Whether requests to this path are the feature's (a route template such as <c>/api/clinics/{clinicId}/fhir</c> too).</summary>
    bool Claims(PathString path);

    IResult Refusal(int status, string detail);

    /// <summary>The media type of its refusals and their schema (with the name it has in the document), for the API document.</summary>
    string MediaType { get; }

    (string Id, Microsoft.OpenApi.OpenApiSchema Schema) RefusalSchema();
}

public static class Refusals
{
    /// <summary>Writes <paramref name="problem"/>, or the same refusal in the format of the feature that claims the request.</summary>
    public static Task WriteAsync(HttpContext context, IResult problem, int status, string detail) =>
        (context.RequestServices.GetServices<IRefusalFormat>().FirstOrDefault(f => f.Claims(context.Request.Path)) is { } format
            ? format.Refusal(status, detail) : problem).ExecuteAsync(context);
}
