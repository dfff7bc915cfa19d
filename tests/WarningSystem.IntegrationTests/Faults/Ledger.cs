using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// The test client's books: every event it posted and every acknowledgement it got, as an EHR integration keeps them.
/// An event not acknowledged (connection refused or cut, time-out, 503, 429) is posted again with the same eventId
/// until it is; the service must store it once however many times it arrived.
/// </summary>
public sealed class Ledger(HttpClient client, string clinicId)
{
    public string ClinicId => clinicId;
    public ConcurrentDictionary<string, string> Acknowledged { get; } = new();   // eventId → "accepted" | "duplicate"
    public ConcurrentDictionary<string, int> Answers { get; } = new();           // status code or failure kind → count
    public ConcurrentQueue<string> Refusals { get; } = new();                     // every answer that is neither ack nor retryable
    public int Attempts => attempts;
    public int Retried => retried;
    public int AcknowledgedCount => Acknowledged.Count;
    /// <summary>The 503 and 429 answers that came without Retry-After: each one breaks the contract.</summary>
    public int UnavailableWithoutRetryAfter => withoutRetryAfter;
    public TimeSpan LongestAnswer { get; private set; }
    int attempts, retried, withoutRetryAfter;

    /// <summary>Posts every history, patients in parallel and each patient's events in order, until all are acknowledged.</summary>
    public Task PostAllAsync(IEnumerable<History> histories, int parallel, TimeSpan patience) =>
        Parallel.ForEachAsync(histories, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (history, _) =>
        {
            foreach (var e in history.Events) await PostUntilAcknowledgedAsync(e, patience);
        });

    public async Task PostUntilAcknowledgedAsync(JsonObject body, TimeSpan patience)
    {
        var eventId = body["eventId"]!.GetValue<string>();
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0) Interlocked.Increment(ref retried);
            if (clock.Elapsed > patience) throw new TimeoutException($"event {eventId} not acknowledged within {patience}; answers so far: {Summary()}");
            Interlocked.Increment(ref attempts);
            var started = Stopwatch.StartNew();
            TimeSpan wait;
            try
            {
                using var response = await client.PostEvent(clinicId, body);
                Record(started.Elapsed);
                Count(((int)response.StatusCode).ToString());
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    var status = (await response.Body()).GetProperty("status").GetString()!;
                    Acknowledged.TryAdd(eventId, status);
                    return;
                }
                if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = response.Headers.RetryAfter?.Delta;
                    if (retryAfter is null) Interlocked.Increment(ref withoutRetryAfter);
                    // Honoured, but capped: the scenarios measure recovery, not the client's patience.
                    wait = TimeSpan.FromMilliseconds(Math.Min((retryAfter ?? TimeSpan.FromSeconds(1)).TotalMilliseconds, 1000));
                }
                else
                {
                    // A refusal (4xx) or a server error: recorded for the test to fail on, and retried as an EHR would.
                    Refusals.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    wait = TimeSpan.FromMilliseconds(200);
                }
            }
            catch (HttpRequestException e)
            {
                Record(started.Elapsed);
                Count(e.HttpRequestError.ToString());
                wait = TimeSpan.FromMilliseconds(100);
            }
            catch (TaskCanceledException)
            {
                Record(started.Elapsed);
                Count("client time-out");
                wait = TimeSpan.FromMilliseconds(100);
            }
            await Task.Delay(wait);
        }
    }

    void Count(string kind) => Answers.AddOrUpdate(kind, 1, (_, n) => n + 1);

    void Record(TimeSpan elapsed)
    {
        lock (this) if (elapsed > LongestAnswer) LongestAnswer = elapsed;
    }

    public string Summary() => string.Join(", ", Answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"));
}
