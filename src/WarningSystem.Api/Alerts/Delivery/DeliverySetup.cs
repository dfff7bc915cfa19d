using Marten;
using Wolverine;
using Wolverine.Marten;

namespace WarningSystem.Alerts.Delivery;

public static class DeliverySetup
{
    public const string WebhooksQueue = "webhooks";

    public static StoreOptions ConfigureDelivery(this StoreOptions opts)
    {
        // Registered up front so db-apply creates the table before the first webhook is stored.
        opts.Schema.For<Webhook>();
        return opts;
    }

    /// <summary>The delivery subscription runs in the async daemon, on one node at a time, like detection.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddAlertDelivery(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.SubscribeToEvents(new AlertDeliverySubscription());

    /// <summary>
    /// Deliveries wait on a durable local queue, so a delivery survives a restart. It runs several at once because
    /// the work is waiting on receivers, and one slow receiver must not hold up the others.
    /// </summary>
    public static WolverineOptions RouteWebhooks(this WolverineOptions opts, IConfiguration configuration)
    {
        opts.PublishMessage<DeliverWebhook>().ToLocalQueue(WebhooksQueue);
        opts.LocalQueue(WebhooksQueue).UseDurableInbox().MaximumParallelMessages(10);
        opts.Policies.Add(new WebhookRetryPolicy(WebhookSettings.From(configuration).RetryDelays));
        return opts;
    }

    /// <summary>
    /// Outbound calls to receivers: a short timeout, no redirects (a receiver cannot bounce a signed body elsewhere),
    /// and no request logging, because a URL can carry the receiver's own credentials.
    /// </summary>
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        var settings = WebhookSettings.From(builder.Configuration);
        builder.Services.AddHttpClient(DeliverWebhookHandler.HttpClientName, client => client.Timeout = settings.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers();
        return builder;
    }

    public static WebApplication MapAlertStream(this WebApplication app)
    {
        app.MapGet(AlertStreamEndpoint.Route, AlertStreamEndpoint.Get).RequireAuthorization(Policies.ReadClinical);
        return app;
    }
}
