using System.Diagnostics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Marten.Subscriptions;
using WarningSystem.Shared;

namespace WarningSystem.IntegrationTests.Operations;

/// <summary>
/// A host on a PostgreSQL cluster of its own, which the tests stop and start again, and with a subscription of the
/// tests' own that they can hold back. Stalls are judged after one second.
/// </summary>
public sealed class ReadinessFixture : ServiceFixture
{
    public ThrowawayCluster Cluster { get; } = new("readiness");
    public SubscriptionGate Gate { get; } = new();

    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Health:StallSeconds", "1"), ("Health:SampleSeconds", "0.2")];

    protected override void AddServices(IServiceCollection services)
    {
        services.SubscribeToEvents(new GatedSubscription(Gate));
        services.WatchSubscription(GatedSubscription.Name);
    }

    protected override async Task<(string ConnectionString, IAsyncDisposable? Container)> AcquireDatabaseAsync() =>
        (await Cluster.StartAsync(), Cluster);

    public override async ValueTask DisposeAsync()
    {
        Gate.Open();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ReadinessCollection : ICollectionFixture<ReadinessFixture>
{
    public const string Name = "readiness";
}

/// <summary>Passes every page of events while open; holds the subscription where it is while closed.</summary>
public sealed class SubscriptionGate
{
    volatile TaskCompletionSource open = Opened();

    public void Close()
    {
        if (open.Task.IsCompleted) open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open() => open.TrySetResult();

    public Task PassAsync(CancellationToken token) => open.Task.WaitAsync(token);

    static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}

public sealed class GatedSubscription(SubscriptionGate gate) : BatchSubscription(Name)
{
    public const string Name = "Gated";

    public override Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken token) => gate.PassAsync(token);
}

/// <summary>A PostgreSQL cluster from ops/pg-start.sh in a directory of its own; started again it keeps its port.</summary>
public sealed class ThrowawayCluster(string name) : IAsyncDisposable
{
    static readonly string Ops = Path.Combine(RepositoryRoot(), "ops");
    readonly string directory = Path.Combine(Ops, ".pg", $"{name}-{Environment.ProcessId}");

    public async Task<string> StartAsync() => (await RunAsync("pg-start.sh", directory)).Trim();

    public Task StopAsync() => RunAsync("pg-stop.sh", directory);

    public async ValueTask DisposeAsync() => await RunAsync("pg-stop.sh", "--wipe", directory);

    static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Ops, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed: {await error}");
        return await output;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WarningSystem.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No WarningSystem.sln above {AppContext.BaseDirectory}");
    }
}
