using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace WarningSystem.Security;

/// <summary>
/// An EHR registered by a clinic's admin to call the clinic's CDS Hooks services with JWTs it signs itself (CDS Hooks
/// 2.0 security): its issuer and the public keys (a JWKS) its tokens are checked against. Stored outside the clinics'
/// tenants, like API keys, because a token is judged before the clinic is known (the root <c>/cds-services</c>);
/// <see cref="ClinicId"/> says whose it is. Deleting it (or registering the issuer again) takes effect on the next call:
/// the registration is read for every token, never cached.
/// </summary>
public sealed record CdsClient
{
    public string Id { get; init; } = "";
    public string ClinicId { get; init; } = "";
    public string Issuer { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>The JWKS as registered (public keys only).</summary>
    public string Jwks { get; init; } = "";
    public IReadOnlyList<string> KeyIds { get; init; } = [];
    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>One registration per clinic and issuer: registering the issuer again replaces its keys.</summary>
    public static string IdFor(string clinicId, string issuer) =>
        "cds-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{clinicId}\n{issuer}")))[..16];

    public IEnumerable<SecurityKey> KeysWithId(string kid) => new JsonWebKeySet(Jwks).Keys.Where(k => k.Kid == kid);
}

/// <summary>
/// A token id (<c>jti</c>) already used, kept until the token expires: a replayed token is refused. The id is a hash
/// of issuer and jti, so neither is stored as sent.
/// </summary>
public sealed record CdsTokenUse
{
    public string Id { get; init; } = "";
    public DateTimeOffset ExpiresAt { get; init; }

    public static string IdFor(string issuer, string jti) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{issuer}\n{jti}")));
}
