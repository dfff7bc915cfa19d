using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.ErrorHandling;

namespace WarningSystem.Shared;

public static class MessagingSetup
{
    /// <summary>
    /// Wolverine's handler and endpoint code: in Development compiled at start-up (WolverineFx.RuntimeCompilation),
    /// so it always matches the source; elsewhere loaded from the committed Internal/Generated code
    /// (<c>codegen write</c>), so the first request pays no compilation. A test fails when that code is stale.
    /// Features add their own routes.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(opts =>
        {
            if (builder.Environment.IsDevelopment()) opts.UseRuntimeCompilation();
            else opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            // Handlers and endpoints live here. Left to default, Wolverine takes the entry assembly, which under a
            // test host is the test project, and then finds no endpoints at all.
            opts.ApplicationAssembly = typeof(MessagingSetup).Assembly;
            // Wolverine's tables (inbox, outbox, nodes) must exist before its node agents start.
            opts.AutoBuildMessageStorageOnStartup = EventStoreSetup.AutoMigrate(builder) ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            opts.Policies.AutoApplyTransactions();
            // A node that died without saying so (SIGKILL, power loss) holds its subscriptions, timers and queued
            // deliveries until the others judge it stale. Wolverine's default of a minute, with a heartbeat every
            // 10 s, left detection and delivery idle for about a minute after a crash; 15 s of silence halves that
            // and still tolerates a busy machine. The leader assigns agents on the health check after the one that
            // elected it, so the interval is also how long a starting node waits before detection runs: every
            // second (a handful of small queries) instead of every 3 s.
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(1);
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(15);
            // Subscriptions start only once a health check has elected a leader and it has assigned them: with the
            // default first check, detection took its first page 6-7 s after a node started (T4-catchup).
            opts.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(0.5);
            // A message that met the database out of reach is not at fault: Wolverine's default (three attempts, then
            // the dead letter queue) lost a finding, so its alert, to a ten-second outage. Such failures are retried
            // until the database is back; every other failure keeps each feature's own policy or the default.
            opts.OnException(DatabaseUnavailableHandler.IsUnavailable, "database unavailable")
                .RetryWithCooldown(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))
                .Then.ScheduleRetryIndefinitely(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        });
        builder.Services.AddWolverineHttp();
        return builder;
    }

    /// <summary>Every Wolverine endpoint of every feature, behind a credential and scoped to the clinic in the route.</summary>
    public static WebApplication MapEndpoints(this WebApplication app)
    {
        app.MapWolverineEndpoints(opts =>
        {
            // Each clinic is a Marten tenant: sessions handed to endpoints are scoped to the clinic in the route.
            opts.TenantId.IsRouteArgumentNamed("clinicId");
            // No endpoint is reachable without a credential; each names the policy it needs.
            opts.RequireAuthorizeOnAll();
            // '?page=abc' is a 400, not a silent default.
            opts.RejectUnparseableQueryValues = true;
            // A write that lost an optimistic-concurrency race answers 409, not 500.
            opts.MapConcurrencyFailuresToConflict();
        });
        return app;
    }
}
