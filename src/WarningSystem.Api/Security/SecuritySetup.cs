using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
namespace WarningSystem.Security;

public static class SecuritySetup
{
    /// <summary>
    /// API keys for machines (and local use), JWTs from the organisation's identity provider for people, and on the
    /// CDS Hooks endpoints JWTs an EHR signs itself (<see cref="CdsClientAuthentication"/>); all
    /// become the same principal (a role and granted clinics), judged by the same policies. Rate limits per
    /// credential.
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var jwt = builder.Configuration.GetSection("Auth:Jwt");
        var identityProvider = jwt["Issuer"] ?? jwt["Authority"];
        builder.Services.AddAuthentication("credential")
            .AddPolicyScheme("credential", null, o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.PresentedKey(context.Request) is not null ? ApiKeyAuthentication.SchemeName
                : CdsClientAuthentication.Applies(context.Request, identityProvider) ? CdsClientAuthentication.SchemeName
                : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, CdsClientAuthentication>(CdsClientAuthentication.SchemeName, null)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Authority = jwt["Authority"];
                o.Audience = jwt["Audience"];
                o.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt["Issuer"], ValidAudience = jwt["Audience"],
                    ValidateIssuer = jwt["Issuer"] is not null, ValidateAudience = jwt["Audience"] is not null,
                    IssuerSigningKey = jwt["SigningKey"] is { Length: >= 32 } key
                        ? new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key)) : null,
                    RoleClaimType = Roles.RoleClaim, NameClaimType = "sub", ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ApiKeyCache>());
        builder.Services.ConfigureMarten((sp, opts) =>
        {
            // A key may be granted several clinics (auditors), so it belongs to none of them.
            opts.Schema.For<ApiKey>().SingleTenanted();
            // A CDS client's token is judged before its clinic is known (the root /cds-services), as a key is.
            opts.Schema.For<CdsClient>().SingleTenanted().Index(c => c.Issuer);
            opts.Schema.For<CdsTokenUse>().SingleTenanted().Index(u => u.ExpiresAt);
            opts.Schema.For<AccessDenied>().Index(a => a.At);
            opts.Listeners.Add(new ApiKeyChanges(sp.GetRequiredService<ApiKeyCache>()));
        });
        builder.Services.AddSingleton<IAuthorizationHandler, ClinicAccessHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesFor)
                o.AddPolicy(policy, p => p.AddRequirements(new ClinicAccessRequirement(roles)));
        });

        var permits = builder.Configuration.GetValue("RateLimiting:PermitsPerSecond", 200);
        var burst = builder.Configuration.GetValue("RateLimiting:Burst", 400);
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirst(Roles.KeyIdClaim)?.Value ?? context.User.FindFirst("sub")?.Value
                    ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst, TokensPerPeriod = permits, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0, AutoReplenishment = true,
                }));
            o.OnRejected = async (rejected, token) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                const string detail = "This credential exceeded its rate limit; retry after the delay given.";
                await Refusals.WriteAsync(rejected.HttpContext, Problems.Status(429, "Too many requests", detail), 429, detail);
            };
        });
        return builder;
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Patient data must not be cached by browsers or proxies, nor sniffed into another content type.
            var headers = context.Response.Headers;
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
