using Microsoft.AspNetCore.Mvc;

namespace WarningSystem.Security;

public sealed record CreateApiKey(string? Role, string? Name);

/// <summary>What is shown of a key: never its hash, salt or secret.</summary>
public sealed record ApiKeyView(string KeyId, string Name, string Role, IReadOnlyList<string> Clinics,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? ReplacedBy)
{
    public static ApiKeyView From(ApiKey k) => new(k.Id, k.Name, k.Role, k.Clinics, k.CreatedAt, k.RevokedAt, k.ReplacedBy);
}

/// <summary>The secret of a new key, shown in this one answer and never again.</summary>
public sealed record IssuedApiKey(string KeyId, string Key, string Name, string Role, IReadOnlyList<string> Clinics);

/// <summary>A clinic's admins manage the keys granted their clinic.</summary>
public static class ApiKeyEndpoints
{
    [Authorize(Policy = Policies.Administer)]
    [ReadsBody(typeof(CreateApiKey))]
    [ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created)]
    [WolverinePost("/api/clinics/{clinicId}/apikeys")]
    public static async Task<IResult> Create(string clinicId, HttpRequest request, IDocumentStore store, TimeProvider clock)
    {
        var (cmd, problem) = await RequestBody.ReadAsync<CreateApiKey>(request);
        if (problem is not null) return problem;
        var errors = new List<(string, string)>();
        if (cmd!.Role is null || !Roles.All.Contains(cmd.Role)) errors.Add(("role", $"must be one of: {string.Join(", ", Roles.All)}"));
        if (cmd.Name?.Length > 100) errors.Add(("name", "must be at most 100 characters"));
        if (errors.Count > 0) return Problems.Validation(errors);

        var (record, key) = ApiKeys.Issue(cmd.Role!, [clinicId], cmd.Name ?? cmd.Role!, clock.GetUtcNow());
        await Save(store, record);
        return Results.Json(new IssuedApiKey(record.Id, key, record.Name, record.Role, record.Clinics), statusCode: 201);
    }

    [Authorize(Policy = Policies.Administer)]
    [WolverineGet("/api/clinics/{clinicId}/apikeys")]
    public static async Task<IReadOnlyList<ApiKeyView>> List(string clinicId, IDocumentStore store, CancellationToken token)
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<ApiKey>().Where(k => k.Clinics.Contains(clinicId)).OrderBy(k => k.CreatedAt).ToListAsync(token);
        return keys.Select(ApiKeyView.From).ToList();
    }

    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created)]
    [ProblemAnswers(404)]
    [WolverinePost("/api/clinics/{clinicId}/apikeys/{keyId}/rotate")]
    public static async Task<IResult> Rotate(string clinicId, string keyId, IDocumentStore store, TimeProvider clock, CancellationToken token)
    {
        if (await Granted(store, clinicId, keyId, token) is not { IsActive: true } old) return Problems.NotFound("API key", clinicId, keyId);
        var (revoked, record, key) = ApiKeys.Rotate(old, clock.GetUtcNow());
        await Save(store, revoked, record);
        return Results.Json(new IssuedApiKey(record.Id, key, record.Name, record.Role, record.Clinics), statusCode: 201);
    }

    [Authorize(Policy = Policies.Administer)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemAnswers(404)]
    [WolverineDelete("/api/clinics/{clinicId}/apikeys/{keyId}")]
    public static async Task<IResult> Revoke(string clinicId, string keyId, IDocumentStore store, TimeProvider clock, CancellationToken token)
    {
        if (await Granted(store, clinicId, keyId, token) is not { } key) return Problems.NotFound("API key", clinicId, keyId);
        if (key.IsActive) await Save(store, key with { RevokedAt = clock.GetUtcNow() });
        return Results.NoContent();
    }

    static async Task<ApiKey?> Granted(IDocumentStore store, string clinicId, string keyId, CancellationToken token)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ApiKey>(keyId, token) is { } key && key.Clinics.Contains(clinicId) ? key : null;
    }

    static async Task Save(IDocumentStore store, params ApiKey[] keys)
    {
        // Keys belong to no clinic (see SecuritySetup), so they are written outside the clinic's session.
        await using var session = store.LightweightSession();
        session.Store(keys);
        await session.SaveChangesAsync();
    }
}
