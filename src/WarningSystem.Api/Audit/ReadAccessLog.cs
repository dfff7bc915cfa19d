using System.Security.Claims;
using System.Threading.Channels;

namespace WarningSystem.Audit;

/// <summary>
/// A successful read of patient data or of the access log: who (credential and role), what (route, patient, how
/// many records), when and from where. Kept in the clinic that was read. Identifiers and counts only.
/// </summary>
public sealed record ReadAccess
{
    public Guid Id { get; init; }
    public string Who { get; init; } = "";
    public string? Role { get; init; }
    public string Method { get; init; } = "";
    public string Route { get; init; } = "";
    public string? PatientId { get; init; }
    public string? AlertId { get; init; }
    public int? Count { get; init; }
    public int Status { get; init; }
    public string? From { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>
/// Records reads off the request path: the middleware queues an entry and returns at once; <see cref="ReadAccessWriter"/>
/// stores what has queued in batches. Endpoints behind the read, audit and replay policies count as reads of patient
/// data; nothing else does.
/// </summary>
public static class ReadAccessLog
{
    static readonly string[] LoggedPolicies = [Policies.ReadClinical, Policies.Audit, Policies.TryProtocol, Policies.DecisionSupport];

    public static WebApplication UseReadAccessLog(this WebApplication app)
    {
        var writer = app.Services.GetRequiredService<ReadAccessWriter>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode is < 200 or > 299) return;
            if (context.GetRouteValue("clinicId") is not string clinic || !Identifiers.IsValid(clinic)) return;
            var endpoint = context.GetEndpoint();
            var policies = endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy) ?? [];
            if (!policies.Any(p => LoggedPolicies.Contains(p))) return;

            writer.Enqueue(clinic, new ReadAccess
            {
                Id = Guid.CreateVersion7(),
                Who = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.FindFirstValue("sub") ?? "unknown",
                Role = string.Join(",", context.User.FindAll(Roles.RoleClaim).Select(c => c.Value)) is { Length: > 0 } r ? r : null,
                Method = context.Request.Method,
                Route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path,
                PatientId = context.GetRouteValue("patientId") as string,
                AlertId = context.GetRouteValue("alertId") as string,
                Count = context.Items[ReadCount.Key] as int?,
                Status = context.Response.StatusCode,
                From = context.Connection.RemoteIpAddress?.ToString(),
                At = clock.GetUtcNow(),
            });
        });
        return app;
    }
}

/// <summary>
/// Stores queued read entries in batches, one session per clinic in the batch. Shutdown completes the queue and the
/// loop drains it before the host stops, so a clean shutdown loses no entry.
/// </summary>
public sealed class ReadAccessWriter(IDocumentStore store, ILogger<ReadAccessWriter> logger) : BackgroundService
{
    const int MaxBatch = 500;
    readonly Channel<(string Clinic, ReadAccess Entry)> queue = Channel.CreateUnbounded<(string, ReadAccess)>(
        new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(string clinic, ReadAccess entry) => queue.Writer.TryWrite((clinic, entry));

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(string Clinic, ReadAccess Entry)>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                foreach (var clinic in batch.GroupBy(b => b.Clinic))
                {
                    await using var session = store.LightweightSession(clinic.Key);
                    session.Store(clinic.Select(c => c.Entry).ToArray());
                    await session.SaveChangesAsync(CancellationToken.None);
                }
            }
            catch (Exception e)
            {
                logger.LogError("Storing {Count} read access entries failed: {Error}", batch.Count, e.GetType().Name);
            }
        }
    }
}
