using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace WarningSystem.Security;

/// <summary>Registers an EHR's issuer and public keys (JWKS) so it can call the clinic's CDS Hooks services with its JWTs.</summary>
public sealed record RegisterCdsClient(string? Issuer, JsonElement? Jwks, string? Name);

/// <summary>What is shown of a registration: the key ids, not the keys.</summary>
public sealed record CdsClientView(string Id, string Issuer, string Name, IReadOnlyList<string> KeyIds, DateTimeOffset RegisteredAt)
{
    public static CdsClientView From(CdsClient c) => new(c.Id, c.Issuer, c.Name, c.KeyIds, c.RegisteredAt);
}

/// <summary>A clinic's admins register, list and revoke the EHRs that call its CDS Hooks services with their own JWTs.</summary>
public static class CdsClientEndpoints
{
    static readonly string[] KeyTypes = ["RSA", "EC"];

    [Authorize(Policy = Policies.Administer)]
    [ReadsBody(typeof(RegisterCdsClient))]
    [ProducesResponseType<CdsClientView>(StatusCodes.Status201Created)]
    [ProducesResponseType<CdsClientView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/clinics/{clinicId}/cds-clients")]
    public static async Task<IResult> Register(string clinicId, HttpRequest request, IDocumentStore store, TimeProvider clock, CancellationToken token)
    {
        var (cmd, problem) = await RequestBody.ReadAsync<RegisterCdsClient>(request);
        if (problem is not null) return problem;
        var errors = new List<(string, string)>();
        if (cmd!.Issuer is not { Length: > 0 and <= 500 } issuer || !Uri.TryCreate(issuer, UriKind.Absolute, out _))
            errors.Add(("issuer", "must be the absolute URL the EHR puts in iss, at most 500 characters"));
        if (cmd.Name?.Length > 100) errors.Add(("name", "must be at most 100 characters"));
        var keyIds = KeyIdsOf(cmd.Jwks, errors);
        if (errors.Count > 0) return Problems.Validation(errors);

        var client = new CdsClient
        {
            Id = CdsClient.IdFor(clinicId, cmd.Issuer!), ClinicId = clinicId, Issuer = cmd.Issuer!, Name = cmd.Name ?? cmd.Issuer!,
            Jwks = cmd.Jwks!.Value.GetRawText(), KeyIds = keyIds, RegisteredAt = clock.GetUtcNow(),
        };
        // Registrations belong to no tenant (see CdsClient), so they are written outside the clinic's session.
        await using var session = store.LightweightSession();
        var replaced = await session.LoadAsync<CdsClient>(client.Id, token) is not null;
        session.Store(client);
        await session.SaveChangesAsync(token);
        return Results.Json(CdsClientView.From(client), statusCode: replaced ? 200 : 201);
    }

    [Authorize(Policy = Policies.Administer)]
    [WolverineGet("/api/clinics/{clinicId}/cds-clients")]
    public static async Task<IReadOnlyList<CdsClientView>> List(string clinicId, IDocumentStore store, CancellationToken token)
    {
        await using var session = store.QuerySession();
        var clients = await session.Query<CdsClient>().Where(c => c.ClinicId == clinicId).OrderBy(c => c.RegisteredAt).ToListAsync(token);
        return clients.Select(CdsClientView.From).ToList();
    }

    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemAnswers(404)]
    [WolverineDelete("/api/clinics/{clinicId}/cds-clients/{clientId}")]
    public static async Task<IResult> Revoke(string clinicId, string clientId, IDocumentStore store, CancellationToken token)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<CdsClient>(clientId, token) is not { } client || client.ClinicId != clinicId)
            return Problems.NotFound("CDS client", clinicId, clientId);
        session.Delete(client);
        await session.SaveChangesAsync(token);
        return Results.NoContent();
    }

    /// <summary>The JWKS must hold 1–20 public RSA or EC keys, each with its own kid (the token's header names one).</summary>
    static List<string> KeyIdsOf(JsonElement? jwks, List<(string, string)> errors)
    {
        JsonWebKeySet? set = null;
        try
        {
            if (jwks is { ValueKind: JsonValueKind.Object } value) set = new JsonWebKeySet(value.GetRawText());
        }
        catch (Exception)
        {
            // Whatever the parser makes of it, an unreadable JWKS is the caller's error below, never a 500.
        }
        if (set is null || set.Keys.Count is 0 or > 20)
        {
            errors.Add(("jwks", "must be a JWKS object { \"keys\": [...] } with 1 to 20 keys"));
            return [];
        }
        for (var i = 0; i < set.Keys.Count; i++)
        {
            var key = set.Keys[i];
            if (string.IsNullOrEmpty(key.Kid)) errors.Add(($"jwks.keys[{i}].kid", "is required: the token's header names the key by it"));
            if (!KeyTypes.Contains(key.Kty)) errors.Add(($"jwks.keys[{i}].kty", "must be RSA (RS384) or EC (ES384)"));
            if (key.D is not null || key.P is not null) errors.Add(($"jwks.keys[{i}]", "must be a public key: never register a private key"));
        }
        if (set.Keys.Select(k => k.Kid).Distinct().Count() != set.Keys.Count) errors.Add(("jwks.keys", "each kid must be unique"));
        return set.Keys.Select(k => k.Kid).ToList();
    }
}
