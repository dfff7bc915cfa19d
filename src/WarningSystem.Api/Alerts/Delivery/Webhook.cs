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
    /// <summary>The body format: null for the service's own JSON notice, else a <see cref="WebhookFormats"/> name.</summary>
    public string? Format { get; init; }

    public bool Accepts(Severity severity) => Severities.Count == 0 || Severities.Contains(severity);

    public WebhookView ToView() => new(Id, Name, Url, Severities, CreatedAt, Format ?? WebhookFormats.Json);
}

/// <summary>A webhook as the API shows it: everything but the secret.</summary>
public sealed record WebhookView(
    string Id, string? Name, string Url, IReadOnlyList<Severity> Severities, DateTimeOffset CreatedAt, string Format);
