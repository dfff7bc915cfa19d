using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WarningSystem.Security;

/// <summary>
/// CDS Hooks 2.0 security: the EHR signs a short-lived JWT (RS384 or ES384, <c>kid</c> in the header; <c>iss</c>,
/// <c>sub</c>, <c>aud</c> = the URL it called, <c>exp</c> at most 5 minutes ahead, <c>iat</c>, <c>jti</c>) with a key
/// whose public half a clinic admin registered (<see cref="CdsClient"/>). A valid token acts for each clinic that
/// registered the issuer with that key, with the integration role. <c>jku</c> is never fetched: only registered keys count.
/// </summary>
public sealed class CdsClientAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDocumentStore store, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CdsClient";
    /// <summary>Where the refusal's reason waits for the 401 answer (<see cref="ProblemAuthorizationResultHandler"/>).</summary>
    public const string RefusalItem = "cds-client-refusal";
    static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384];
    static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether a request's bearer token is for this scheme: a call to a CDS Hooks endpoint with a token that is not an
    /// API key and not from the organisation's identity provider (whose issuer is <paramref name="identityProvider"/>).
    /// </summary>
    public static bool Applies(HttpRequest request, string? identityProvider)
    {
        if (!IsCdsPath(request.Path) || Bearer(request) is not { } token) return false;
        try
        {
            return new JsonWebToken(token).Issuer is var issuer && (identityProvider is null || issuer != identityProvider);
        }
        catch (Exception)
        {
            return true; // not a JWT at all: refused here, with the reason
        }
    }

    static bool IsCdsPath(PathString path) => path.StartsWithSegments("/cds-services")
        || path.Value?.Split('/') is ["", "api", "clinics", _, "cds-services", ..];

    static string? Bearer(HttpRequest request) => request.Headers.Authorization.FirstOrDefault() is { } header
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Bearer(Request) is not { Length: > 0 } token) return AuthenticateResult.NoResult();
        string reason;
        try
        {
            var (principal, refusal) = await CheckAsync(token);
            if (principal is not null) return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
            reason = refusal!;
        }
        catch (Exception e) when (e is not OperationCanceledException and not Npgsql.NpgsqlException and not Marten.Exceptions.MartenCommandException)
        {
            reason = "the token could not be read as a signed JWT";
        }
        Context.Items[RefusalItem] = reason;
        return AuthenticateResult.Fail($"CDS client token refused: {reason}");
    }

    async Task<(ClaimsPrincipal?, string?)> CheckAsync(string token)
    {
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token)) return (null, "the token is not a JWT");
        var jwt = handler.ReadJsonWebToken(token);
        if (!Algorithms.Contains(jwt.Alg)) return (null, "the header's alg must be RS384 or ES384");
        if (string.IsNullOrEmpty(jwt.Kid)) return (null, "the header must name the signing key (kid)");
        if (string.IsNullOrEmpty(jwt.Issuer)) return (null, "iss is required");
        if (!jwt.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti)) return (null, "jti is required");
        if (string.IsNullOrEmpty(jwt.Subject)) return (null, "sub is required");
        if (!jwt.TryGetPayloadValue<long>("iat", out _)) return (null, "iat is required");

        List<CdsClient> clients;
        await using (var query = store.QuerySession())
            clients = [.. await query.Query<CdsClient>().Where(c => c.Issuer == jwt.Issuer).ToListAsync(Context.RequestAborted)];
        if (clients.Count == 0) return (null, "the issuer is not registered with any clinic (see /api/clinics/{clinicId}/cds-clients)");
        var withKey = clients.Where(c => c.KeyIds.Contains(jwt.Kid)).ToList();
        if (withKey.Count == 0) return (null, $"no key '{jwt.Kid}' is registered for this issuer");

        var now = clock.GetUtcNow();
        if (jwt.IssuedAt > now.UtcDateTime + Skew) return (null, "iat is in the future");
        if (jwt.ValidTo > now.UtcDateTime + MaxLifetime + Skew) return (null, "exp is more than 5 minutes ahead");

        var calledUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{Request.Path}";
        var valid = new List<CdsClient>();
        string? refusal = null;
        foreach (var client in withKey)
        {
            var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuer = client.Issuer, ValidAudience = calledUrl, IssuerSigningKeys = client.KeysWithId(jwt.Kid),
                ValidAlgorithms = Algorithms, RequireExpirationTime = true, RequireSignedTokens = true, ClockSkew = Skew,
                LifetimeValidator = (_, expires, _, _) => expires is { } e && e.ToUniversalTime() > now.UtcDateTime - Skew,
                TryAllIssuerSigningKeys = false,
            });
            if (result.IsValid) valid.Add(client);
            else refusal = Reason(result.Exception, calledUrl);
        }
        if (valid.Count == 0) return (null, refusal);

        // The jti is spent once the token is good: a second use within its lifetime is a replay.
        await using (var session = store.LightweightSession())
        {
            session.DeleteWhere<CdsTokenUse>(u => u.ExpiresAt < now);
            session.Insert(new CdsTokenUse { Id = CdsTokenUse.IdFor(jwt.Issuer, jti), ExpiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + Skew });
            try
            {
                await session.SaveChangesAsync(Context.RequestAborted);
            }
            catch (JasperFx.DocumentAlreadyExistsException)
            {
                return (null, "this token (its jti) was already used: send a new one for each call");
            }
        }

        var who = $"cds:{valid[0].Id}";
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, who), new("sub", who), new(Roles.RoleClaim, Roles.Integration),
        };
        claims.AddRange(valid.Select(c => new Claim(Roles.ClinicClaim, c.ClinicId)).DistinctBy(c => c.Value));
        return (new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.NameIdentifier, Roles.RoleClaim)), null);
    }

    static string Reason(Exception? failure, string calledUrl) => failure switch
    {
        SecurityTokenInvalidAudienceException => $"aud must be the URL that was called: {calledUrl}",
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "the token has expired",
        SecurityTokenNoExpirationException => "exp is required",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the signature does not verify with the registered key named by kid",
        SecurityTokenInvalidAlgorithmException => "the header's alg must be RS384 or ES384",
        SecurityTokenInvalidIssuerException => "iss is not registered",
        _ => "the token is not valid",
    };
}
