using Wolverine;
using Wolverine.Marten;

namespace WarningSystem.Alerts.Delivery;

public static class DeliverySetup
{
    public const string WebhooksQueue = "webhooks";

    /// <summary>
    /// Webhooks and the live feed. The delivery subscription runs in the async daemon, on one node at a time, like
    /// detection. Deliveries wait on a durable local queue, so one survives a restart; several run at once because
    /// the work is waiting on receivers, and one slow receiver must not hold up the others. Outbound calls have a
    /// short timeout, no redirects (a receiver cannot bounce a signed body elsewhere), and no request logging,
    /// because a URL can carry the receiver's own credentials.
    /// </summary>
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        var settings = WebhookSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<WebhookCircuit>();
        // Registered up front so db-apply creates the table before the first webhook is stored.
        builder.Services.ConfigureMarten(opts => opts.Schema.For<Webhook>());
        builder.Services.AddSingleton<WebhookFormats>();
        builder.Services.SubscribeToEvents(new AlertDeliverySubscription());
        builder.Services.WatchSubscription(AlertDeliverySubscription.Name);
        builder.Services.ConfigureWolverine(opts =>
        {
            opts.PublishMessage<DeliverWebhook>().ToLocalQueue(WebhooksQueue);
            opts.LocalQueue(WebhooksQueue).UseDurableInbox().MaximumParallelMessages(10);
            opts.Policies.Add(new WebhookRetryPolicy(settings.RetryDelays));
        });
        builder.Services.AddHttpClient(DeliverWebhookHandler.HttpClientName, client => client.Timeout = settings.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers();
        return builder;
    }

    /// <summary>The live feed is a plain ASP.NET endpoint: it writes its own response for as long as the client stays.</summary>
    public static WebApplication MapAlertStream(this WebApplication app)
    {
        app.MapGet(AlertStreamEndpoint.Route, AlertStreamEndpoint.Get).RequireAuthorization(Policies.ReadClinical)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }
}
