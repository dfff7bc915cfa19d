namespace WarningSystem.Audit;

public static class AuditSetup
{
    /// <summary>
    /// What auditors read (histories and exports straight from the event table, explanations, as-of risk) and the
    /// log of those reads, written in batches off the request path; the hash chain that seals the event log.
    /// </summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventRows>();
        builder.Services.ConfigureMarten(opts => opts.Schema.For<ReadAccess>().Index(r => r.At).Index(r => r.PatientId));
        builder.Services.AddSingleton<ReadAccessWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReadAccessWriter>());

        // The hash chain: seals and checkpoints belong to no clinic, because the chain runs through the whole log.
        // Switched off only to measure what sealing costs ingest; switched on again, it seals from where it stopped.
        var sealing = builder.Configuration.GetValue("Audit:Sealing", true);
        builder.Services.ConfigureMarten(opts =>
        {
            opts.Schema.For<SealBatch>().SingleTenanted();
            opts.Schema.For<ChainCheckpoint>().SingleTenanted();
            if (sealing) opts.Events.Subscribe(new HashChainSubscription());
        });
        builder.Services.AddSingleton<ChainVerifier>();
        return builder;
    }

    /// <summary>Records every successful read of patient data, after the route ids were checked.</summary>
    public static WebApplication UseAudit(this WebApplication app) => app.UseReadAccessLog();
}
