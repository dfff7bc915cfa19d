using WarningSystem.Detection;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// A clinic's endpoint for alert changes. A Marten document, so it belongs to the clinic (conjoined tenancy). The
/// secret is kept because every delivery is signed with it; it never leaves the service again.
/// </summary>
public sealed record Webhook
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    /// <summary>Severities delivered; empty means all.</summary>
    public IReadOnlyList<Severity> Severities { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }

    public bool Accepts(Severity severity) => Severities.Count == 0 || Severities.Contains(severity);

    public WebhookView ToView() => new(Id, Name, Url, Severities, CreatedAt);
}

/// <summary>A webhook as the API shows it: everything but the secret.</summary>
public sealed record WebhookView(string Id, string? Name, string Url, IReadOnlyList<Severity> Severities, DateTimeOffset CreatedAt);
