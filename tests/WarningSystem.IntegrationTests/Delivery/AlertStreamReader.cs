using System.Text.Json;

namespace WarningSystem.IntegrationTests.Delivery;

/// <summary>Reads a clinic's alert stream as a dashboard would, one Server-Sent Event at a time.</summary>
public sealed class AlertStreamReader : IAsyncDisposable
{
    readonly HttpResponseMessage response;
    readonly StreamReader reader;
    readonly CancellationTokenSource stop = new(Webhooks.Patience);

    public sealed record Sse(long Id, string Event, JsonElement Data);

    AlertStreamReader(HttpResponseMessage response, Stream body) => (this.response, reader) = (response, new StreamReader(body));

    public static async Task<AlertStreamReader> OpenAsync(HttpClient client, string clinicId, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinicId}/alerts/stream");
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return new AlertStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, skipping comments (the connect line and heartbeats); bounded by the stream's patience.</summary>
    public async Task<Sse> NextAsync()
    {
        var fields = new Dictionary<string, string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(stop.Token) ?? throw new EndOfStreamException("The alert stream ended");
            if (line.Length == 0)
            {
                if (fields.Count > 0) return new Sse(long.Parse(fields["id"]), fields["event"], JsonSerializer.Deserialize<JsonElement>(fields["data"]));
                continue;
            }
            if (line.StartsWith(':')) continue;
            var colon = line.IndexOf(':');
            fields[line[..colon]] = line[(colon + 1)..].TrimStart(' ');
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        reader.Dispose();
        response.Dispose();
        stop.Dispose();
    }
}
