using JasperFx;
using Wolverine;

namespace WarningSystem.Shared;

public static class MessagingSetup
{
    /// <summary>
    /// Handlers and HTTP endpoints are compiled at start-up (WolverineFx.RuntimeCompilation): no generated code to
    /// keep in step with the source, at the price of a few seconds of start-up. Features add their own routes.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            // Handlers and endpoints live here. Left to default, Wolverine takes the entry assembly, which under a
            // test host is the test project, and then finds no endpoints at all.
            opts.ApplicationAssembly = typeof(MessagingSetup).Assembly;
            // Wolverine's tables (inbox, outbox, nodes) must exist before its node agents start.
            opts.AutoBuildMessageStorageOnStartup = EventStoreSetup.AutoMigrate(builder) ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            opts.Policies.AutoApplyTransactions();
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
