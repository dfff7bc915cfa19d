using System.Text.Json;

namespace WarningSystem.Fhir;

// CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/) request, response, discovery and feedback bodies.

/// <summary>A hook call from the EHR. <paramref name="Context"/> holds patientId (and draftOrders for order-sign).</summary>
public sealed record CdsRequest(
    string? Hook, string? HookInstance, string? FhirServer, JsonElement? FhirAuthorization, JsonElement? Context,
    JsonElement? Prefetch);

public sealed record CdsResponse(IReadOnlyList<CdsCard> Cards);

/// <summary>
/// One card per alert not yet resolved. The detail is the rule's explanation; the events behind it are reached by the
/// links, never listed on the card.
/// </summary>
public sealed record CdsCard(
    string Uuid, string Summary, string Detail, string Indicator, CdsSource Source, IReadOnlyList<CdsLink> Links,
    IReadOnlyList<CdsCoding> OverrideReasons);

public sealed record CdsSource(string Label, CdsCoding Topic);

public sealed record CdsLink(string Label, string Url, string Type);

public sealed record CdsCoding(string System, string Code, string Display);

public sealed record CdsDiscovery(IReadOnlyList<CdsService> Services);

public sealed record CdsService(
    string Hook, string Id, string Title, string Description, IReadOnlyDictionary<string, string> Prefetch);

/// <summary>What the clinician did with cards: accepted, or overridden with a reason.</summary>
public sealed record CdsFeedback(IReadOnlyList<CdsFeedbackItem>? Feedback);

public sealed record CdsFeedbackItem(
    string? Card, string? Outcome, JsonElement? AcceptedSuggestions, CdsOverride? OverrideReason, DateTimeOffset? OutcomeTimestamp);

public sealed record CdsOverride(CdsCoding? Reason, string? UserComment);
