namespace WarningSystem.Detection;

/// <summary>Every rule with its defaults, and a clinic's effective settings when one is named.</summary>
public static class GetRulesEndpoint
{
    [Authorize(Policy = Policies.ReadRules)]
    [WolverineGet("/api/rules")]
    public static async Task<IResult> Get(IDocumentStore store, CancellationToken token, string? clinicId = null)
    {
        ProtocolVersion? effective = null;
        if (clinicId is not null)
        {
            if (Problems.InvalidIdentifier("clinicId", clinicId) is { } badClinic) return badClinic;
            await using var session = store.QuerySession(clinicId);
            effective = ClinicProtocols.Current(await ClinicProtocols.HistoryAsync(session, token));
        }
        return Results.Ok(new RuleList(clinicId, effective?.Version, RuleCatalog.All.Select(rule => new RuleDescription(
            rule.Id, rule.Version, rule.DefaultSeverity, rule.Description,
            ProtocolSettings.For(Protocol.Default, rule.Id), effective is null ? null : ProtocolSettings.For(effective.Settings, rule.Id)))
            .ToList()));
    }
}

public sealed record RuleList(string? ClinicId, long? ProtocolVersion, IReadOnlyList<RuleDescription> Rules);

public sealed record RuleDescription(
    string Id, int Version, Severity DefaultSeverity, string Description, object Defaults, object? Effective);
