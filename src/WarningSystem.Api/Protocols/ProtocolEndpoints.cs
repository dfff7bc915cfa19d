using Microsoft.AspNetCore.Mvc;
using System.Text.Json;

namespace WarningSystem.Protocols;

/// <summary>A clinic's protocol: every setting in force and who changed them last.</summary>
public static class GetProtocolEndpoint
{
    [Authorize(Policy = Policies.ReadSettings)]
    [WolverineGet("/api/clinics/{clinicId}/protocol")]
    public static async Task<ClinicProtocolView> Get(string clinicId, IQuerySession session, ProtocolCatalog catalog,
        CancellationToken token) =>
        ClinicProtocolView.From(clinicId, await ClinicProtocols.CurrentAsync(session, token), catalog);
}

/// <summary>What an admin sends: the settings to change (only those), who changes them, and optionally the version
/// the change was made against.</summary>
public sealed record ChangeProtocol(string? ChangedBy, long? ExpectedVersion, JsonElement? Settings);

/// <summary>
/// Changes a clinic's protocol. The body names only the settings to change; the result is a new protocol version,
/// used for every patient event recorded after it. <c>expectedVersion</c>, when given, guards against lost updates.
/// </summary>
public static class PutProtocolEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [ReadsBody(typeof(ChangeProtocol))]
    [ProducesResponseType<ClinicProtocolView>(StatusCodes.Status200OK)]
    [ProblemAnswers(409)]
    [WolverinePut("/api/clinics/{clinicId}/protocol")]
    public static async Task<IResult> Put(string clinicId, HttpRequest request, IDocumentSession session,
        ProtocolCatalog catalog, CancellationToken token)
    {
        var (cmd, problem) = await RequestBody.ReadAsync<ChangeProtocol>(request, 64 * 1024);
        if (problem is not null) return problem;

        var errors = new List<(string Field, string Error)>();
        if (string.IsNullOrWhiteSpace(cmd!.ChangedBy)) errors.Add(("changedBy", "is required"));
        if (cmd.Settings is not { } changes)
        {
            errors.Add(("settings", "is required"));
            return Problems.Validation(errors);
        }

        var current = await ClinicProtocols.CurrentAsync(session, token);
        if (cmd.ExpectedVersion is { } expected && expected != current.Version)
            return Problems.Status(409, "Protocol changed meanwhile", $"Expected version {expected}, but it is {current.Version}.");
        var (merged, mergeErrors) = catalog.Merge(current.Settings, changes);
        errors.AddRange(mergeErrors);
        if (errors.Count > 0) return Problems.Validation(errors);

        // The expected version makes two concurrent changes conflict in the database instead of both landing.
        session.Events.Append(ClinicProtocols.StreamKey, current.Version + 1, new ProtocolChanged(merged!, cmd.ChangedBy!));
        return Results.Ok(new ClinicProtocolView(clinicId, current.Version + 1, cmd.ChangedBy, merged!));
    }
}

public sealed record ClinicProtocolView(string ClinicId, long Version, string? ChangedBy, Protocol Settings)
{
    public static ClinicProtocolView From(string clinicId, ProtocolVersion version, ProtocolCatalog catalog) =>
        new(clinicId, version.Version, version.ChangedBy, catalog.Complete(version.Settings));
}
