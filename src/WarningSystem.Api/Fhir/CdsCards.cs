using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.Fhir;

/// <summary>Cards from alerts, and card ids back to alerts: a card's uuid is its alert's id, so feedback finds the alert.</summary>
public static class CdsCards
{
    public const string PatientView = "patient-view", OrderSign = "order-sign";
    public const string ServiceId = "ketamine-misuse", OrderServiceId = "ketamine-misuse-order";
    public const int MaxSummary = 140;

    public static readonly IReadOnlyList<CdsCoding> OverrideReasons =
    [
        new(AlertResources.ResolutionSystem, "false-positive", "Not misuse: the warning is wrong for this patient"),
        new(AlertResources.ResolutionSystem, "already-addressed", "Already addressed with the patient"),
        new(AlertResources.ResolutionSystem, "clinically-appropriate", "Treatment remains clinically appropriate"),
    ];

    public static CdsCard For(Alert alert, string alertUrl, bool beforeSigning)
    {
        var prefix = beforeSigning ? "Before signing ketamine: " : "Ketamine misuse warning: ";
        var summary = prefix + alert.Summary;
        if (summary.Length >= MaxSummary) summary = summary[..(MaxSummary - 2)] + "…";
        return new(Uuid(alert.Id), summary, Detail(alert), Indicator(alert.Severity),
            new("WarningSystem", new(AlertResources.RuleSystem, alert.RuleId, alert.RuleId)),
            [
                new("Open the alert", alertUrl, "absolute"),
                new("Why: the rule, its thresholds and the evidence", $"{alertUrl}/explain", "absolute"),
            ],
            OverrideReasons);
    }

    public static string Indicator(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "warning",
        _ => "info",
    };

    static string Detail(Alert alert) =>
        $"**{alert.RuleId}** — severity {JsonNames.Of(alert.Severity)}, {JsonNames.Of(alert.Status)} since {alert.DetectedAt:yyyy-MM-dd}\n\n" +
        $"{alert.Explanation}\n\n" +
        "The events behind this warning are in the linked alert, not on this card.";

    public static string Uuid(string alertId) =>
        Guid.TryParseExact(alertId.Replace("alert-", ""), "N", out var id) ? id.ToString() : alertId;

    public static string? AlertIdOf(string? card) =>
        Guid.TryParse(card, out var id) ? $"alert-{id:N}" : null;
}
