using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// Measures the running service over HTTP on loopback:
//   1. single-event ingest at full load (16 requests in flight) for the given seconds: throughput, p50, p99;
//   2. the same at half that throughput, paced: p50, p99;
//   3. detection latency: from an event's 202 to its alert being returned by the alert list.
// usage: WarningSystem.Benchmarks <base-url> [seconds] [in-flight]
var baseUrl = args.Length > 0 ? args[0] : "http://127.0.0.1:5090";
var seconds = args.Length > 1 ? int.Parse(args[1]) : 20;
var inFlight = args.Length > 2 ? int.Parse(args[2]) : 16;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(baseUrl) };
// ops/bench.sh creates the clinic's keys: one to post events, one to read alerts.
var clinic = Environment.GetEnvironmentVariable("BENCH_CLINIC") ?? throw new InvalidOperationException("run through ops/bench.sh");
var ingestKey = Environment.GetEnvironmentVariable("BENCH_INGEST_KEY")!;
var readKey = Environment.GetEnvironmentVariable("BENCH_READ_KEY")!;

await Load(TimeSpan.FromSeconds(3), inFlight, null); // warm-up: JIT, connection pool, first schema use
var full = await Load(TimeSpan.FromSeconds(seconds), inFlight, null);
Console.WriteLine($"| single-event ingest, {inFlight} in flight | {full.PerSecond:0} events/s | p50 {full.P50:0.0} ms | p99 {full.P99:0.0} ms | {full.Errors} errors |");
var half = await Load(TimeSpan.FromSeconds(seconds), inFlight, full.PerSecond / 2);
Console.WriteLine($"| single-event ingest at half load ({half.PerSecond:0}/s) | | p50 {half.P50:0.0} ms | p99 {half.P99:0.0} ms | {half.Errors} errors |");

// Detection runs behind ingest: first the time it needs to work through everything the load phases posted,
// then its latency once it has caught up.
var backlog = full.Count + half.Count;
var catchUp = (await DetectionLatency(1, "catch-up")).Max;
Console.WriteLine($"| detection catching up on the {backlog} events just posted | {backlog / (catchUp / 1000):0} events/s | {catchUp / 1000:0.0} s | | |");
var detection = await DetectionLatency(40, "detect");
Console.WriteLine($"| event accepted → alert queryable, detection caught up | | p50 {detection.P50:0} ms | p99 {detection.P99:0} ms | max {detection.Max:0} ms |");

async Task<(double PerSecond, double P50, double P99, int Errors, int Count)> Load(TimeSpan duration, int workers, double? ratePerSecond)
{
    var latencies = new List<double>[workers];
    var errors = 0;
    var clock = Stopwatch.StartNew();
    long issued = 0;
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
    {
        latencies[w] = [];
        while (clock.Elapsed < duration)
        {
            var n = Interlocked.Increment(ref issued);
            if (ratePerSecond is { } rate)
            {
                // Paced: request n is due at n / rate seconds; wait for its slot.
                var due = TimeSpan.FromSeconds(n / rate);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                if (clock.Elapsed >= duration) break;
            }
            var started = clock.Elapsed;
            var response = await Post(Event($"p{n % 2000}", "CravingReported", new { intensity = 1, duringSession = true }));
            latencies[w].Add((clock.Elapsed - started).TotalMilliseconds);
            if ((int)response.StatusCode != 202) Interlocked.Increment(ref errors);
        }
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return (all.Length / clock.Elapsed.TotalSeconds, Percentile(all, 0.5), Percentile(all, 0.99), errors, all.Length);
}

async Task<(double P50, double P99, double Max)> DetectionLatency(int samples, string prefix)
{
    var results = new List<double>();
    for (var i = 0; i < samples; i++)
    {
        var patient = $"{prefix}-{i}";
        var response = await Post(Event(patient, "WithdrawalSymptomsReported", new { symptoms = new[] { "anxiety" }, severity = "severe" }));
        var accepted = Stopwatch.StartNew();
        response.EnsureSuccessStatusCode();
        while (accepted.Elapsed < TimeSpan.FromMinutes(5))
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/alerts?patientId={patient}");
            read.Headers.Authorization = new("Bearer", readKey);
            var page = await (await http.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();
            if (page.GetProperty("total").GetInt32() > 0) break;
            await Task.Delay(10);
        }
        results.Add(accepted.Elapsed.TotalMilliseconds);
    }
    var sorted = results.Order().ToArray();
    return (Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1]);
}

Task<HttpResponseMessage> Post(StringContent body)
{
    var request = new HttpRequestMessage(HttpMethod.Post, $"/api/clinics/{clinic}/events") { Content = body };
    request.Headers.Authorization = new("Bearer", ingestKey);
    return http.SendAsync(request);
}

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

static StringContent Event(string patient, string type, object data) => new(JsonSerializer.Serialize(new
{
    eventId = Guid.NewGuid().ToString("N"), patientId = patient, type,
    occurredAt = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"), recordedBy = "bench", data,
}), Encoding.UTF8, "application/json");
