using Wolverine.Attributes;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace WarningSystem.Security;

/// <summary>
/// A refused request by a valid credential: the wrong clinic or the wrong role. Kept in the clinic that was asked
/// for, so that clinic's auditors see who tried. Identifiers only: no body, no query values.
/// </summary>
public sealed record AccessDenied
{
    public Guid Id { get; init; }
    public string Who { get; init; } = "";
    public string? Role { get; init; }
    public string Method { get; init; } = "";
    public string Route { get; init; } = "";
    public string? Clinic { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>Answers 401 and 403 as problem details (or a feature's own refusal format), and records every 403 in the access log.</summary>
[WolverineIgnore] // an ASP.NET hook, not a message handler, whatever its name and method suggest
public sealed class ProblemAuthorizationResultHandler(IDocumentStore store, TimeProvider clock) : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            // A CDS client's token says why it was refused: the EHR's integrator cannot see this service's logs.
            var detail = context.Items[CdsClientAuthentication.RefusalItem] is string refusal
                ? $"CDS client token refused: {refusal}."
                : "Send a valid API key (Authorization: Bearer or X-Api-Key) or token.";
            await Refusals.WriteAsync(context, Problems.Status(401, "Unauthorized", detail), 401, detail);
            return;
        }
        if (result.Forbidden)
        {
            var clinic = context.GetRouteValue("clinicId") as string ?? context.Request.Query["clinicId"].FirstOrDefault();
            await Record(context, clinic);
            const string detail = "This credential may not do this, or not for this clinic.";
            await Refusals.WriteAsync(context, Problems.Status(403, "Forbidden", detail), 403, detail);
            return;
        }
        await fallback.HandleAsync(next, context, policy, result);
    }

    async Task Record(HttpContext context, string? clinic)
    {
        var entry = new AccessDenied
        {
            Id = Guid.CreateVersion7(), Who = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.FindFirstValue("sub") ?? "unknown",
            Role = context.User.FindFirstValue(Roles.RoleClaim), Method = context.Request.Method,
            Route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "", Clinic = clinic, At = clock.GetUtcNow(),
        };
        // Kept in the tenant of the clinic that was asked for; requests that name none go to the default tenant.
        var valid = clinic is not null && Identifiers.IsValid(clinic);
        await using var session = valid ? store.LightweightSession(clinic!) : store.LightweightSession();
        session.Store(entry);
        await session.SaveChangesAsync(context.RequestAborted);
    }
}
