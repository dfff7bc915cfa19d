using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>How a troubled receiver behaves right now.</summary>
public enum Trouble { Healthy, Hang, Slow, Fail, Reset }

/// <summary>
/// A webhook receiver on a real port whose behaviour the test switches: it hangs (never answers), answers slowly,
/// answers 500, resets the connection (RST: the socket closed with a zero linger, after the request was read), or
/// accepts. It records each accepted delivery with its arrival time.
/// </summary>
public sealed class TroubledReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    readonly CancellationTokenSource stopping = new();
    public string Secret { get; } = $"secret-{Guid.NewGuid():N}";
    public string Url { get; private set; } = "";
    public volatile Trouble Mode;
    public TimeSpan SlowBy { get; init; } = TimeSpan.FromSeconds(2);
    public ConcurrentDictionary<string, ConcurrentQueue<(DateTimeOffset At, JsonElement Body)>> Accepted { get; } = new();
    public ConcurrentDictionary<Trouble, int> Attempts { get; } = new();

    TroubledReceiver(Trouble mode)
    {
        Mode = mode;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        // Cast: mapped as a plain RequestDelegate, the IResult it returns would be dropped and every answer a 200.
        app.MapPost("/hook", (Delegate)Receive);
    }

    public static async Task<TroubledReceiver> StartAsync(Trouble mode)
    {
        var receiver = new TroubledReceiver(mode);
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address.TrimEnd('/')}/hook";
        return receiver;
    }

    async Task<IResult> Receive(HttpContext context)
    {
        var mode = Mode;
        Attempts.AddOrUpdate(mode, 1, (_, n) => n + 1);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        switch (mode)
        {
            case Trouble.Hang:
                try { await Task.Delay(Timeout.Infinite, stopping.Token); } catch (OperationCanceledException) { }
                return Results.StatusCode(503);
            case Trouble.Slow:
                await Task.Delay(SlowBy);
                break;
            case Trouble.Fail:
                return Results.StatusCode(500);
            case Trouble.Reset:
                if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                context.Abort();
                return Results.Empty;
        }
        string? Header(string name) => context.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
        var body = buffer.ToArray();
        if (!WebhookReceiver.Verify(Secret, Header("X-WarningSystem-Timestamp"), body, Header("X-WarningSystem-Signature")))
            return Results.StatusCode(401);
        Accepted.GetOrAdd(Header("Idempotency-Key") ?? "", _ => new()).Enqueue((DateTimeOffset.UtcNow, JsonSerializer.Deserialize<JsonElement>(body)));
        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.DisposeAsync();
    }
}
