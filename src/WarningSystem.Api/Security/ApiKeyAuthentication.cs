using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace WarningSystem.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer wsk_…</c> or <c>X-Api-Key: wsk_…</c> against the stored key hashes.
/// Records come from <see cref="ApiKeyCache"/>, which forgets a key the moment a change to it commits.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The presented key, from either header; null when the request carries none.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].FirstOrDefault() is { Length: > 0 } header) return header;
        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true
            && ApiKeys.LooksLikeKey(authorization[7..].Trim()) ? authorization[7..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } presented) return AuthenticateResult.NoResult();
        if (ApiKeys.Parse(presented) is not var (id, secret)) return AuthenticateResult.Fail("malformed API key");

        var record = await keys.FindAsync(id, Context.RequestAborted);
        if (record is null || !ApiKeys.Verify(record, secret)) return AuthenticateResult.Fail("unknown or revoked API key");

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, $"key:{record.Id}"), new(Roles.KeyIdClaim, record.Id), new(Roles.RoleClaim, record.Role) };
        claims.AddRange(record.Clinics.Select(c => new Claim(Roles.ClinicClaim, c)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.NameIdentifier, Roles.RoleClaim));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
