namespace WarningSystem.Protocols;

public static class ProtocolsSetup
{
    /// <summary>
    /// The protocol stream lives in each clinic's tenant beside its patients; its sections come from the features
    /// that read them (each registers an <see cref="IProtocolSections"/>).
    /// </summary>
    public static WebApplicationBuilder AddProtocols(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(opts => opts.Events.AddEventType<ProtocolChanged>());
        builder.Services.AddSingleton<ProtocolCatalog>();
        return builder;
    }
}
