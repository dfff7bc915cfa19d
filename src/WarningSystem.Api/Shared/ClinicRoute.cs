namespace WarningSystem.Shared;

/// <summary>
/// The one check of the ids a route names (<c>clinicId</c>, <c>patientId</c>, and the <c>clinicId</c> query of the
/// rule list): a malformed one is a 400 before any endpoint runs. It runs after authorization, so a request without
/// a valid credential still learns nothing but 401.
/// </summary>
public static class ClinicRoute
{
    static readonly string[] RouteIds = ["clinicId", "patientId"];

    public static WebApplication UseRouteIdCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            foreach (var name in RouteIds)
            {
                var value = context.GetRouteValue(name) as string
                            ?? (name == "clinicId" ? context.Request.Query["clinicId"].FirstOrDefault() : null);
                if (value is null || Identifiers.IsValid(value)) continue;
                await Refusals.WriteAsync(context, Problems.Validation([(name, Identifiers.Rule)]), 400, $"{name} {Identifiers.Rule}");
                return;
            }
            await next(context);
        });
        return app;
    }
}
