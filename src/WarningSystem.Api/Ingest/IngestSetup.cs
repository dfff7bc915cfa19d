namespace WarningSystem.Ingest;

public static class IngestSetup
{
    /// <summary>The patient event types in the event store, and the group-commit writer that stores them.</summary>
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(opts => opts.Events.AddEventTypes(EventCatalog.Types.Values));
        builder.Services.AddSingleton<IngestWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IngestWriter>());
        return builder;
    }
}
