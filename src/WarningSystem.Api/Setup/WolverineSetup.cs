using JasperFx;
using Wolverine;
using Wolverine.Http;
using WarningSystem.Alerts;
using WarningSystem.FollowUps;
using WarningSystem.Alerts.Delivery;

namespace WarningSystem.Setup;

public static class WolverineSetup
{
    /// <summary>
    /// Handlers and HTTP endpoints are compiled at start-up (WolverineFx.RuntimeCompilation): no generated code to
    /// keep in step with the source, at the price of a few seconds of start-up.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            // Handlers and endpoints live here. Left to default, Wolverine takes the entry assembly, which under a
            // test host is the test project, and then finds no endpoints at all.
            opts.ApplicationAssembly = typeof(WolverineSetup).Assembly;
            // Wolverine's tables (inbox, outbox, nodes) must exist before its node agents start.
            opts.AutoBuildMessageStorageOnStartup = MartenSetup.AutoMigrate(builder) ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            opts.Policies.AutoApplyTransactions();
            opts.RouteFindings();
            opts.RouteFollowUpChecks();
            opts.RouteWebhooks(builder.Configuration);
        });
        builder.Services.AddWolverineHttp();
        return builder;
    }

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
        app.MapAlertStream();
        return app;
    }
}
