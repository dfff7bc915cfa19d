using System.Text.Json;

namespace WarningSystem.Detection;

/// <summary>A clinic's detection protocol: the settings in force and who changed them last.</summary>
public static class GetProtocolEndpoint
{
    [Authorize(Policy = Policies.ReadSettings)]
    [WolverineGet("/api/clinics/{clinicId}/protocol")]
    public static async Task<IResult> Get(string clinicId, IQuerySession session, CancellationToken token)
    {
        if (Problems.InvalidIdentifier("clinicId", clinicId) is { } badClinic) return badClinic;
        return Results.Ok(ClinicProtocolView.From(clinicId, ClinicProtocols.Current(await ClinicProtocols.HistoryAsync(session, token))));
    }
}

/// <summary>
/// Changes a clinic's protocol. The body names only the settings to change; the result is a new protocol version,
/// used for every patient event recorded after it. <c>expectedVersion</c>, when given, guards against lost updates.
/// </summary>
public static class PutProtocolEndpoint
{
    [Authorize(Policy = Policies.Administer)]
    [WolverinePut("/api/clinics/{clinicId}/protocol")]
    public static async Task<IResult> Put(string clinicId, HttpRequest request, IDocumentSession session, CancellationToken token)
    {
        if (Problems.InvalidIdentifier("clinicId", clinicId) is { } badClinic) return badClinic;
        var (json, problem) = await Problems.ReadJsonAsync(request, 64 * 1024);
        if (problem is not null) return problem;
        using var _ = json;
        var body = json!.RootElement;

        var errors = new List<(string Field, string Error)>();
        var changedBy = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("changedBy", out var by)
            && by.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(by.GetString()) ? by.GetString()! : null;
        if (changedBy is null) errors.Add(("changedBy", "is required"));
        long? expected = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("expectedVersion", out var v)
            && v.TryGetInt64(out var n) ? n : null;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("settings", out var changes))
        {
            errors.Add(("settings", "is required"));
            return Problems.Validation(errors);
        }

        var current = ClinicProtocols.Current(await ClinicProtocols.HistoryAsync(session, token));
        if (expected is not null && expected != current.Version)
            return Problems.Status(409, "Protocol changed meanwhile", $"Expected version {expected}, but it is {current.Version}.");
        var (merged, mergeErrors) = ProtocolSettings.Merge(current.Settings, changes);
        errors.AddRange(mergeErrors);
        if (errors.Count > 0) return Problems.Validation(errors);

        // The expected version makes two concurrent changes conflict in the database instead of both landing.
        session.Events.Append(ClinicProtocols.StreamKey, current.Version + 1, new ProtocolChanged(merged!, changedBy!));
        return Results.Ok(new ClinicProtocolView(clinicId, current.Version + 1, changedBy, merged!));
    }
}

public sealed record ClinicProtocolView(string ClinicId, long Version, string? ChangedBy, Protocol Settings)
{
    public static ClinicProtocolView From(string clinicId, ProtocolVersion version) =>
        new(clinicId, version.Version, version.ChangedBy, version.Settings);
}
