using WarningSystem.Protocols;

namespace WarningSystem.Detection;

/// <summary>Every rule with its version, defaults and description, and a clinic's effective settings when one is named.</summary>
public static class GetRulesEndpoint
{
    [Authorize(Policy = Policies.ReadRules)]
    [ProblemAnswers(400)] // a malformed clinicId in the query
    [WolverineGet("/api/rules")]
    public static async Task<RuleList> Get(IDocumentStore store, RuleSet rules, CancellationToken token, string? clinicId = null)
    {
        ProtocolVersion? effective = null;
        if (clinicId is not null)
        {
            await using var session = store.QuerySession(clinicId);
            effective = await ClinicProtocols.CurrentAsync(session, token);
        }
        return new RuleList(clinicId, effective?.Version, rules.All.Select(rule => new RuleDescription(
            rule.Id, rule.Version, rule.DefaultSeverity, rule.Description, rule.Clears, rule.Weight,
            rule.Settings.Write(rule.Settings.DefaultValue),
            effective is null ? null : rule.Settings.Write(effective.Settings.Read(rule.Settings)))).ToList());
    }
}

public sealed record RuleList(string? ClinicId, long? ProtocolVersion, IReadOnlyList<RuleDescription> Rules);

/// <summary>A rule as the catalogue shows it; <c>weight</c> is what it adds to the composite score by default,
/// <c>clears</c> what the record needs for the rule to stop matching.</summary>
public sealed record RuleDescription(
    string Id, int Version, Severity DefaultSeverity, string Description, string Clears, int Weight,
    System.Text.Json.Nodes.JsonNode Defaults, System.Text.Json.Nodes.JsonNode? Effective);
