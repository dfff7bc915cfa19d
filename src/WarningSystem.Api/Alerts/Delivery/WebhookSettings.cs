using System.Globalization;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// Delivery settings from configuration: <c>Webhooks:RetryDelaysSeconds</c> (a comma-separated list or an array;
/// one retry per entry, then the dead letter queue), <c>Webhooks:TimeoutSeconds</c>, and
/// <c>Webhooks:AllowPrivateNetworks</c> (false by default: a webhook may not point into the service's own network).
/// </summary>
public sealed record WebhookSettings(IReadOnlyList<TimeSpan> RetryDelays, TimeSpan Timeout, bool AllowPrivateNetworks = false)
{
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = [.. new[] { 1, 5, 30, 120, 600 }.Select(s => TimeSpan.FromSeconds(s))];
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static WebhookSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Webhooks");
        var delays = section.GetSection("RetryDelaysSeconds") is var list && list.Value is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : list.GetChildren().Select(c => c.Value ?? "").ToArray();
        return new(
            delays.Length == 0 ? DefaultRetryDelays : delays.Select(d => Seconds(d, "Webhooks:RetryDelaysSeconds")).ToList(),
            section["TimeoutSeconds"] is { } timeout ? Seconds(timeout, "Webhooks:TimeoutSeconds") : DefaultTimeout,
            section.GetValue("AllowPrivateNetworks", false));
    }

    static TimeSpan Seconds(string text, string setting) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{setting} must be positive numbers of seconds, not '{text}'.");
}
