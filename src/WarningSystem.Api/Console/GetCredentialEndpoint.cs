using System.Security.Claims;

namespace WarningSystem.WebConsole;

/// <summary>What the presented credential grants: its role and clinics. The console shows it on signing in and
/// shapes its screens by it; any valid credential may ask about itself, and it names no clinic.</summary>
public static class GetCredentialEndpoint
{
    [Authorize]
    [WolverineGet("/api/credential")]
    public static CredentialGrant Get(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? "unknown",
        user.FindFirstValue(Roles.RoleClaim) ?? "",
        user.FindAll(Roles.ClinicClaim).Select(c => c.Value).Distinct().ToList());
}

/// <summary><c>who</c> is the credential (<c>key:{keyId}</c> or the token's subject), never a secret.</summary>
public sealed record CredentialGrant(string Who, string Role, IReadOnlyList<string> Clinics);
