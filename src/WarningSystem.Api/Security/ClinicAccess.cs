using Wolverine.Attributes;
using Microsoft.AspNetCore.Authorization;

namespace WarningSystem.Security;

/// <summary>
/// The one rule behind every policy: the credential has one of the roles, and, where the request names a clinic
/// (route or query <c>clinicId</c>), that clinic was granted to it. What the body says never widens access.
/// </summary>
public sealed record ClinicAccessRequirement(IReadOnlyList<string> Roles) : IAuthorizationRequirement;

[WolverineIgnore] // an authorization handler, not a message handler
public sealed class ClinicAccessHandler : AuthorizationHandler<ClinicAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClinicAccessRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var clinic = http?.GetRouteValue("clinicId") as string ?? http?.Request.Query["clinicId"].FirstOrDefault();
        if (Allowed(context.User, requirement.Roles, clinic)) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    public static bool Allowed(System.Security.Claims.ClaimsPrincipal user, IReadOnlyList<string> roles, string? clinic) =>
        user.Identity?.IsAuthenticated == true
        && user.FindAll(Shared.Roles.RoleClaim).Any(r => roles.Contains(r.Value))
        && (clinic is null || user.FindAll(Shared.Roles.ClinicClaim).Any(c => c.Value == clinic));
}
