using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// The built service started as its own operating-system process, as production runs it (Production environment,
/// the committed generated code), on a port of its own, against a scenario's cluster. It can be killed with SIGKILL
/// and started again on the same port, so clients keep their address.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Dictionary<string, string> settings;
    Process? process;

    /// <summary>The last lines the service wrote, for the message of a failing test.</summary>
    public ConcurrentQueue<string> Output { get; } = new();
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    ServiceProcess(int port, Dictionary<string, string> settings) => (Port, this.settings) = (port, settings);

    public static async Task<ServiceProcess> StartAsync(string connectionString, IEnumerable<(string Key, string Value)>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__AutoMigrate"] = "true",
            ["ConnectionStrings__Marten"] = connectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Auth__Jwt__SigningKey"] = TestCredentials.SigningKey,
            ["Auth__Jwt__Issuer"] = TestCredentials.Issuer,
            ["Auth__Jwt__Audience"] = TestCredentials.Audience,
            ["Webhooks__AllowPrivateNetworks"] = "true",
            ["Webhooks__RetryDelaysSeconds"] = "0.5,1,2,4",
            ["Webhooks__TimeoutSeconds"] = "5",
            ["RateLimiting__PermitsPerSecond"] = "100000",
            ["RateLimiting__Burst"] = "100000",
        };
        foreach (var (key, value) in extra ?? []) settings[key.Replace(":", "__")] = value;
        var service = new ServiceProcess(FreePort(), settings);
        await service.StartAgainAsync();
        return service;
    }

    /// <summary>Starts the process and waits until it answers its liveness probe; returns how long that took.</summary>
    public async Task<TimeSpan> StartAgainAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "WarningSystem.Api.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", BaseAddress.ToString().TrimEnd('/') },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"the service exited with {process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await probe.GetAsync("/health/live")).IsSuccessStatusCode) return clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"the service did not answer within 60 s:\n{Tail()}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining, whatever was in memory is gone.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill();
        await process.WaitForExitAsync();
    }

    public bool Running => process is { HasExited: false };

    /// <summary>A client that acts with every role for the clinic each request names, with a client-side time-out.</summary>
    public HttpClient Client(TimeSpan? timeout = null) =>
        new(new TestCredentials.ForRequestedClinic { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) } })
        {
            BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };

    public string Tail(int lines = 40) => string.Join('\n', Output.TakeLast(lines));

    void Keep(string? line)
    {
        if (line is null) return;
        Output.Enqueue(line);
        while (Output.Count > 400) Output.TryDequeue(out _);
    }

    [DllImport("libc", SetLastError = true)] static extern int kill(int pid, int signal);

    /// <summary>Removes a setting for the next start: a fault injected into this run, say, and "fixed" by the next.</summary>
    public void Unset(string key) => settings.Remove(key.Replace(":", "__"));

    public ValueTask DisposeAsync() => StopAsync();

    /// <summary>Stops the service as an orchestrator would (SIGTERM), killing it if it has not left in 15 s.</summary>
    public async ValueTask StopAsync()
    {
        if (process is null || process.HasExited) return;
        kill(process.Id, 15);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await process.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
