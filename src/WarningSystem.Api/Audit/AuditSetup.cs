namespace WarningSystem.Audit;

public static class AuditSetup
{
    /// <summary>What auditors read: patient histories and their exports, straight from the event table.</summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventRows>();
        return builder;
    }
}
