using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// A clinic's alert changes as Server-Sent Events, for dashboards. Each event's id is its sequence in the event
/// log, so a client that reconnects with Last-Event-ID (or ?lastEventId=) first gets what it missed. Polling the
/// event store keeps it simple and correct whichever node the client reaches. A plain ASP.NET endpoint: it writes
/// its own response for as long as the client stays.
/// </summary>
public static class AlertStreamEndpoint
{
    public const string Route = "/api/clinics/{clinicId}/alerts/stream";
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    const int PageSize = 200;

    public static async Task<IResult> Get(string clinicId, HttpContext http, IDocumentStore store, TimeProvider clock,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var lastEventId = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["lastEventId"].FirstOrDefault();
        long? resumeAfter = null;
        if (lastEventId is not null)
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                return Problems.Validation([("lastEventId", "must be an event id from this stream: a whole number")]);
            resumeAfter = sequence;
        }

        // Host shutdown ends open streams too, so stopping never waits on a dashboard.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var token = stop.Token;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no"; // proxies must pass each event on at once
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var sent = 0;
        try
        {
            var position = resumeAfter ?? await AlertFeed.HighWaterMarkAsync(store, token);
            await WriteAsync(http.Response, ": connected\n\n", token);
            var quietSince = clock.GetTimestamp();
            while (!token.IsCancellationRequested)
            {
                var (notices, next) = await AlertFeed.AfterAsync(store, clinicId, position, PageSize, token);
                position = next;
                if (notices.Count > 0)
                {
                    await WriteAsync(http.Response, string.Concat(notices.Select(n => Format(n.Sequence, n.Notice))), token);
                    sent += notices.Count;
                    quietSince = clock.GetTimestamp();
                }
                else if (clock.GetElapsedTime(quietSince) >= HeartbeatInterval)
                {
                    await WriteAsync(http.Response, ": heartbeat\n\n", token);
                    quietSince = clock.GetTimestamp();
                }
                if (notices.Count < PageSize) await Task.Delay(PollInterval, clock, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away or the host is stopping: the normal end of a stream.
        }
        loggers.CreateLogger(typeof(AlertStreamEndpoint)).LogDebug("Alert stream for clinic {ClinicId} closed after {Count} events", clinicId, sent);
        return Results.Empty;
    }

    public static string Format(long sequence, AlertNotice notice) =>
        $"id: {sequence}\nevent: {notice.EventType}\ndata: {JsonSerializer.Serialize(notice, JsonSetup.Options)}\n\n";

    static async Task WriteAsync(HttpResponse response, string text, CancellationToken token)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), token);
        await response.Body.FlushAsync(token);
    }
}
