namespace WarningSystem.Shared;

public static class HttpSetup
{
    /// <summary>
    /// Problem details for every error the framework answers itself (404, 405, unhandled exceptions); the health probes
    /// and the API document, all open without a credential.
    /// </summary>
    public static WebApplicationBuilder AddHttpBasics(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        // Logs go to standard error: standard output is kept for what commands print (a new API key).
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHealth();
        // A ceiling for every request; endpoints that take bodies set their own, smaller limits.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 16 * 1024 * 1024);
        builder.AddApiDocument();
        return builder;
    }

    public static WebApplication UseHttpBasics(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealth();
        app.MapApiDocument();
        app.MapTelemetry();
        return app;
    }
}
