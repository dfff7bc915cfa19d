using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WarningSystem.Shared;

/// <summary>Ready only while every watched subscription keeps up: behind the high water mark is fine while it moves.</summary>
public sealed class SubscriptionHealthCheck(SubscriptionWatch watch, SubscriptionWatchSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        IReadOnlyList<SubscriptionState> states;
        try
        {
            states = await watch.SampleAsync(token);
        }
        catch (Exception)
        {
            return HealthCheckResult.Unhealthy("subscription progress unreadable");
        }

        var data = states.ToDictionary(s => s.Name, s => (object)new
        {
            status = s.Stalled ? "stalled" : s.Behind > 0 ? "catching up" : "current",
            position = s.Position, highWaterMark = s.HighWaterMark, behind = s.Behind,
            unmovedSeconds = Math.Round(s.Unmoved.TotalSeconds, 1),
        });
        var stalled = states.Where(s => s.Stalled).Select(s => s.Name).ToList();
        return stalled.Count == 0
            ? HealthCheckResult.Healthy($"{states.Count} subscriptions keeping up", data)
            : HealthCheckResult.Unhealthy(
                $"stalled for more than {settings.Stall.TotalSeconds:0.#} s behind the high water mark: {string.Join(", ", stalled)}", data: data);
    }
}

/// <summary>
/// Ready only when the database schema is the one this version expects. Comparing the whole schema takes a few
/// catalogue queries, so a match is remembered for the life of the process (the schema changes only with a new
/// version, through db-apply) and a mismatch is looked at again after a minute.
/// </summary>
public sealed class SchemaHealthCheck(IDocumentStore store, TimeProvider clock) : IHealthCheck
{
    static readonly TimeSpan RecheckMismatchAfter = TimeSpan.FromMinutes(1);
    readonly SemaphoreSlim gate = new(1, 1);
    (bool Matches, string? Difference, DateTimeOffset At)? known;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        await gate.WaitAsync(token);
        try
        {
            if (known is not { Matches: true } && (known is null || clock.GetUtcNow() - known.Value.At >= RecheckMismatchAfter))
                known = await CompareAsync(token);
        }
        catch (Exception)
        {
            // Unreachable: not remembered, so the next probe compares again.
            return HealthCheckResult.Unhealthy("schema could not be read");
        }
        finally
        {
            gate.Release();
        }
        return known.Value.Matches
            ? HealthCheckResult.Healthy("schema matches this version")
            : HealthCheckResult.Unhealthy("schema differs from what this version expects: run db-apply");
    }

    async Task<(bool, string?, DateTimeOffset)> CompareAsync(CancellationToken token)
    {
        try
        {
            await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(token);
            return (true, null, clock.GetUtcNow());
        }
        catch (Weasel.Core.Migrations.DatabaseValidationException e)
        {
            return (false, e.GetType().Name, clock.GetUtcNow());
        }
    }
}

/// <summary>
/// Ready only while this node is registered in Wolverine's node table and its heartbeat is younger than the time after
/// which the other nodes would declare it dead and take its agents (subscriptions, scheduled work) away.
/// </summary>
public sealed class WolverineNodeHealthCheck(Wolverine.Runtime.IWolverineRuntime runtime, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        var nodeId = runtime.Options.UniqueNodeId;
        Wolverine.Runtime.Agents.WolverineNode? node;
        try
        {
            node = await runtime.Storage.Nodes.LoadNodeAsync(nodeId, token);
        }
        catch (Exception)
        {
            return HealthCheckResult.Unhealthy("node table unreadable");
        }
        if (node is null) return HealthCheckResult.Unhealthy($"node {nodeId} is not registered");

        var age = clock.GetUtcNow() - node.LastHealthCheck;
        var data = new Dictionary<string, object>
        {
            ["node"] = node.AssignedNodeNumber, ["agents"] = node.ActiveAgents.Count,
            ["heartbeatAgeSeconds"] = Math.Round(age.TotalSeconds, 1),
        };
        var stale = runtime.Options.Durability.StaleNodeTimeout;
        return age < stale
            ? HealthCheckResult.Healthy($"node {node.AssignedNodeNumber} running {node.ActiveAgents.Count} agents", data)
            : HealthCheckResult.Unhealthy($"no heartbeat for more than {stale.TotalSeconds:0} s", data: data);
    }
}
