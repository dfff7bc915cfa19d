using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WarningSystem.IntegrationTests.Delivery;

/// <summary>
/// A clinic's receiving system on a real port: the service makes real outbound calls. It checks each signature with
/// its own HMAC code (not the service's), answers 401 to a bad one, fails on demand, and records what it accepted.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    int failuresLeft;
    volatile bool failing;

    public string Secret { get; }
    public string Url { get; private set; } = "";
    /// <summary>Every request, accepted or not.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();
    /// <summary>Accepted deliveries by idempotency key: a correct sender never needs more than one per key.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<Received>> Accepted { get; } = new();

    public sealed record Received(string? IdempotencyKey, string? Timestamp, string? Signature, bool SignatureValid, byte[] Raw, int Answer)
    {
        public JsonElement Body => JsonSerializer.Deserialize<JsonElement>(Raw);
    }

    WebhookReceiver(string secret, int failFirst, bool alwaysFail)
    {
        Secret = secret;
        failuresLeft = failFirst;
        failing = alwaysFail;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/hook", Receive);
    }

    public static async Task<WebhookReceiver> StartAsync(string? secret = null, int failFirst = 0, bool alwaysFail = false)
    {
        var receiver = new WebhookReceiver(secret ?? $"secret-{Guid.NewGuid():N}", failFirst, alwaysFail);
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address.TrimEnd('/')}/hook";
        return receiver;
    }

    /// <summary>From now on every delivery is accepted.</summary>
    public void Recover() => failing = false;

    public static bool Verify(string secret, string? timestamp, byte[] body, string? signature)
    {
        if (timestamp is null || signature is null || !signature.StartsWith("sha256=")) return false;
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        var given = signature["sha256=".Length..];
        return given.Length == expected.Length * 2
            && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(given));
    }

    async Task<IResult> Receive(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        string? Header(string name) => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
        var (key, timestamp, signature) = (Header("Idempotency-Key"), Header("X-WarningSystem-Timestamp"), Header("X-WarningSystem-Signature"));
        var valid = Verify(Secret, timestamp, body, signature);
        var answer = !valid ? 401 : failing || Interlocked.Decrement(ref failuresLeft) >= 0 ? 500 : 200;
        var received = new Received(key, timestamp, signature, valid, body, answer);
        Requests.Enqueue(received);
        if (answer == 200) Accepted.GetOrAdd(key ?? "", _ => new()).Enqueue(received);
        return Results.StatusCode(answer);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
