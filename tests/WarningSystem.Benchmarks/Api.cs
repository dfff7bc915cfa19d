using System.Net;
using System.Text;
using System.Text.Json;

namespace WarningSystem.Benchmarks;

/// <summary>The service's HTTP API as the benchmark uses it: an integration key posts, a coordinator key reads, an auditor key verifies.</summary>
public sealed class Api(Config config) : IDisposable
{
    // One pooled connection per request in flight, kept alive for the whole run, as an EHR integration would.
    readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = new Uri(config.BaseUrl), Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>POST one event; the status code (202 accepted).</summary>
    public async Task<HttpStatusCode> PostEvent(string body)
    {
        using var response = await http.SendAsync(Post($"/api/clinics/{config.Clinic}/events", body));
        return response.StatusCode;
    }

    /// <summary>POST a batch; how many of its events were accepted.</summary>
    public async Task<int> PostBatch(string body)
    {
        using var response = await http.SendAsync(Post($"/api/clinics/{config.Clinic}/events/batch", body));
        if (response.StatusCode != HttpStatusCode.OK) return 0;
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("accepted").GetInt32();
    }

    /// <summary>How many alerts the alert list shows for a patient.</summary>
    public async Task<int> AlertCount(string patient)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{config.Clinic}/alerts?patientId={patient}&pageSize=10");
        request.Headers.Authorization = new("Bearer", config.ReadKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>GET a JSON answer with the given key; null unless 200.</summary>
    public async Task<JsonDocument?> GetJson(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new("Bearer", key) } };
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK ? await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync()) : null;
    }

    /// <summary>Streams an NDJSON export with the coordinator key and counts its lines; -1 unless 200.</summary>
    public async Task<int> CountNdjsonLines(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path)
        {
            Headers = { Authorization = new("Bearer", config.ReadKey), Accept = { new("application/x-ndjson") } },
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK) return -1;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = 0;
        while (await reader.ReadLineAsync() is { Length: > 0 }) lines++;
        return lines;
    }

    /// <summary>The service's metrics in Prometheus' text format.</summary>
    public Task<string> MetricsText() => http.GetStringAsync("/metrics");

    HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { Authorization = new("Bearer", config.IngestKey) },
    };

    public void Dispose() => http.Dispose();
}
