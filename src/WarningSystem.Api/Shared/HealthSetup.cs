using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WarningSystem.Shared;

public static class HealthSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);
    // Check and subscription names are shown as registered ("Detection"), not camel-cased.
    static readonly JsonSerializerOptions Json = new(JsonSetup.Options) { DictionaryKeyPolicy = null };

    /// <summary>
    /// Liveness checks nothing but the process. Readiness: the database answers, its schema is this version's, and
    /// every subscription the features registered with <see cref="WatchSubscription"/> keeps up, and this
    /// node's Wolverine heartbeat is current.
    /// </summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SubscriptionWatchSettings.From(builder.Configuration));
        builder.Services.AddSingleton<SubscriptionWatch>();
        builder.Services.AddHostedService<SubscriptionWatchSampler>();
        builder.Services.AddSingleton<SchemaHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"], timeout: CheckTimeout)
            .AddCheck<SchemaHealthCheck>("schema", tags: ["ready"], timeout: CheckTimeout)
            .AddCheck<SubscriptionHealthCheck>("subscriptions", tags: ["ready"], timeout: CheckTimeout)
            .AddCheck<WolverineNodeHealthCheck>("wolverine", tags: ["ready"], timeout: CheckTimeout);
        return builder;
    }

    /// <summary>A feature's async-daemon subscription, by the name it has in Marten's progress table.</summary>
    public static IServiceCollection WatchSubscription(this IServiceCollection services, string name) =>
        services.AddSingleton(new WatchedSubscription(name));

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new() { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>Each check by name with its status and a line on why; no exception text, which can name hosts.</summary>
    static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        }, Json));
    }
}
