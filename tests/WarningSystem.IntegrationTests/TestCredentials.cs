using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WarningSystem.IntegrationTests;

/// <summary>
/// Tokens as the organisation's identity provider would issue them, signed with a key generated for this run.
/// </summary>
public static partial class TestCredentials
{
    public const string Issuer = "warningsystem-tests";
    public const string Audience = "warningsystem";
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public static readonly string[] AllRoles = ["integration", "coordinator", "auditor", "admin"];

    public static string Token(IEnumerable<string> roles, IEnumerable<string> clinics, string subject = "tester",
        TimeSpan? lifetime = null, string? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = Audience,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now.AddMinutes(-1), IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", subject), .. roles.Select(r => new Claim("role", r)), .. clinics.Select(c => new Claim("clinic", c))]),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    [GeneratedRegex("/api/clinics/([^/?]+)|[?&]clinicId=([^&]+)")]
    private static partial Regex ClinicInUrl();

    /// <summary>
    /// The default test client acts with every role for exactly the clinic its request names, so functional tests
    /// run behind the real authentication and authorization without each managing credentials.
    /// </summary>
    public sealed class ForRequestedClinic : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
        {
            var match = ClinicInUrl().Match(request.RequestUri!.PathAndQuery);
            var clinic = match.Success ? Uri.UnescapeDataString(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) : null;
            request.Headers.Authorization ??= new("Bearer", Token(AllRoles, clinic is null ? [] : [clinic], $"tester:{clinic}"));
            return base.SendAsync(request, token);
        }
    }
}
