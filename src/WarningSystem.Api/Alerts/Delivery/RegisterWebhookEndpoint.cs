using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using WarningSystem.Detection;

namespace WarningSystem.Alerts.Delivery;

/// <summary>What a clinic admin sends to register a webhook.</summary>
public sealed record RegisterWebhook(string Url, string Secret, IReadOnlyList<Severity> Severities, string? Name, string? Format = null)
{
    public const int MinSecretLength = 16;
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;

    /// <summary>Reads and validates the body, naming each bad field. Pure, so it is tested without a host.</summary>
    /// <param name="formats">The body formats on offer besides "json" (the service's own notice).</param>
    public static (RegisterWebhook? Request, List<(string Field, string Error)> Errors) Parse(JsonElement body, bool allowPrivateNetworks,
        IReadOnlyCollection<string>? formats = null)
    {
        var errors = new List<(string, string)>();
        if (body.ValueKind != JsonValueKind.Object) return (null, [("body", "must be a JSON object")]);

        var url = Text(body, "url");
        if (url is null) errors.Add(("url", "is required"));
        else if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            errors.Add(("url", $"must be an absolute http or https URL of at most {MaxUrlLength} characters"));
        else if (!allowPrivateNetworks && PrivateAddress.Names(uri))
            errors.Add(("url", "must not point at a loopback, private or link-local address"));

        var secret = Text(body, "secret");
        if (secret is null || secret.Length < MinSecretLength)
            errors.Add(("secret", $"is required, at least {MinSecretLength} characters"));

        var name = Text(body, "name");
        if (body.TryGetProperty("name", out var given) && given.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
            || name is { Length: > MaxNameLength })
            errors.Add(("name", $"must be text of at most {MaxNameLength} characters"));

        var severities = new List<Severity>();
        if (body.TryGetProperty("severities", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            var parsed = list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(i => JsonNames.TryParse<Severity>(i.ValueKind == JsonValueKind.String ? i.GetString() : null, out var s) ? s : (Severity?)null).ToList()
                : null;
            if (parsed is null || parsed.Contains(null))
                errors.Add(("severities", $"must be a list of: {JsonNames.Listed(typeof(Severity))}"));
            else
                severities.AddRange(parsed.Select(s => s!.Value).Distinct());
        }

        var format = Text(body, "format");
        var offered = formats ?? [WebhookFormats.Json];
        if (body.TryGetProperty("format", out var givenFormat) && givenFormat.ValueKind != JsonValueKind.Null
            && (format is null || !offered.Contains(format)))
            errors.Add(("format", $"must be one of: {string.Join(", ", offered)}"));

        return errors.Count > 0 ? (null, errors)
            : (new RegisterWebhook(url!, secret!, severities, name, format is null or WebhookFormats.Json ? null : format), errors);
    }

    static string? Text(JsonElement body, string field) =>
        body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Registers a clinic's webhook. Answers the webhook without its secret.</summary>
public static class RegisterWebhookEndpoint
{
    const long MaxBodyBytes = 16 * 1024;

    [Authorize(Policy = Policies.Administer)]
    [ReadsBody(typeof(RegisterWebhook))]
    [ProducesResponseType<WebhookView>(StatusCodes.Status201Created)]
    [WolverinePost("/api/clinics/{clinicId}/webhooks")]
    public static async Task<IResult> Post(string clinicId, HttpRequest request, IDocumentSession session, TimeProvider clock,
        IConfiguration configuration, WebhookFormats formats)
    {
        var (json, problem) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes);
        if (problem is not null) return problem;
        using var _ = json;

        var (registration, errors) = RegisterWebhook.Parse(json!.RootElement, WebhookSettings.From(configuration).AllowPrivateNetworks, formats.Names);
        if (registration is null) return Problems.Validation(errors.Distinct());

        var webhook = new Webhook
        {
            Id = $"whk-{Guid.NewGuid():N}", Name = registration.Name, Url = registration.Url, Secret = registration.Secret,
            Severities = registration.Severities, CreatedAt = clock.GetUtcNow(), Format = registration.Format,
        };
        session.Store(webhook);
        return Results.Created($"/api/clinics/{clinicId}/webhooks/{webhook.Id}", webhook.ToView());
    }
}
