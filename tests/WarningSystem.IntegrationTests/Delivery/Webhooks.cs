using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace WarningSystem.IntegrationTests.Delivery;

/// <summary>Registering webhooks and waiting, boundedly, for what delivery does in the background.</summary>
public static class Webhooks
{
    /// <summary>Retries take several scheduled passes of Wolverine's durability agent; this is the ceiling, not a sleep.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<string> Register(this HttpClient client, string clinicId, string url, string secret, params string[] severities)
    {
        var response = await client.PostAsJsonAsync($"/api/clinics/{clinicId}/webhooks", new { url, secret, severities, name = "test" });
        response.EnsureSuccessStatusCode();
        return (await response.Body()).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement[]> DeadLetters(this HttpClient client, string clinicId)
    {
        var response = await client.GetAsync($"/api/clinics/{clinicId}/webhooks/dead-letters");
        response.EnsureSuccessStatusCode();
        return (await response.Body()).GetProperty("items").EnumerateArray().ToArray();
    }

    /// <summary>The alert's events as stored, read straight from the event store: what delivery must send, no more, no less.</summary>
    public static async Task<string[]> AlertEventTypes(this ServiceFixture service, string clinicId, string alertId)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession(clinicId);
        return (await session.Events.FetchStreamAsync(alertId)).Select(e => e.EventType.Name).ToArray();
    }

    /// <summary>Polls until the probe's value satisfies the condition; fails with the last value if it never does.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        T value;
        do
        {
            value = await probe();
            if (condition(value)) return value;
            await Task.Delay(100);
        } while (clock.Elapsed < (patience ?? Patience));
        throw new TimeoutException($"Timed out waiting for {what}; last seen: {JsonSerializer.Serialize(value)}");
    }

    public static Task<T> Until<T>(Func<T> probe, Func<T, bool> condition, string what, TimeSpan? patience = null) =>
        Until(() => Task.FromResult(probe()), condition, what, patience);
}
