namespace WarningSystem.Shared;

/// <summary>
/// How a feature that speaks its own format wants refusals written that are made before its endpoints run
/// (route ids, credentials, rate limits, an unreachable database): a FHIR client expects an OperationOutcome,
/// not problem details. The kernel knows no such feature; a feature registers its format as a service.
/// </summary>
public interface IRefusalFormat
{
    bool Claims(HttpRequest request);

    IResult Refusal(int status, string detail);
}

public static class Refusals
{
    /// <summary>Writes <paramref name="problem"/>, or the same refusal in the format of the feature that claims the request.</summary>
    public static Task WriteAsync(HttpContext context, IResult problem, int status, string detail) =>
        (context.RequestServices.GetServices<IRefusalFormat>().FirstOrDefault(f => f.Claims(context.Request)) is { } format
            ? format.Refusal(status, detail) : problem).ExecuteAsync(context);
}
