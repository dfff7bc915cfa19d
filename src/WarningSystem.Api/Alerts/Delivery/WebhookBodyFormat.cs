namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// A webhook body other than the service's own JSON notice, offered by a feature further on (FHIR's DetectedIssue).
/// Delivery knows formats only by name, so it never depends on the feature that renders them.
/// </summary>
public interface IWebhookBodyFormat
{
    string Name { get; }
    string ContentType { get; }

    /// <summary>The body for this change, or null when it cannot be rendered (the notice's own JSON is sent then).</summary>
    Task<byte[]?> RenderAsync(AlertNotice notice, IQuerySession session, CancellationToken token);
}

/// <summary>The formats a webhook may choose: "json" (the notice) and every registered <see cref="IWebhookBodyFormat"/>.</summary>
public sealed class WebhookFormats(IEnumerable<IWebhookBodyFormat> formats)
{
    public const string Json = "json";
    readonly Dictionary<string, IWebhookBodyFormat> byName = formats.ToDictionary(f => f.Name);

    public IReadOnlyCollection<string> Names => [Json, .. byName.Keys];

    public IWebhookBodyFormat? Find(string? name) => name is null ? null : byName.GetValueOrDefault(name);
}
