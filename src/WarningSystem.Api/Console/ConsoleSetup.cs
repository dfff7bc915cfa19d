using System.Reflection;
using Microsoft.Extensions.FileProviders;

// The feature lives in Console/, but its namespace cannot be WarningSystem.Console: that would hide System.Console
// from every other WarningSystem namespace.
namespace WarningSystem.WebConsole;

/// <summary>
/// The coordinators' and auditors' web console: static pages embedded in the service and served at
/// <c>/console</c>. They hold no data and need no credential; every call they make goes to the JSON API with the
/// credential the person signs in with, so the API's own roles decide what each screen may show or do.
/// </summary>
public static class ConsoleSetup
{
    public const string Path = "/console";

    /// <summary>
    /// Scripts and styles from this service only, and no inline script or style at all; the pages call this service
    /// only. The chart is SVG drawn by script, which <c>style-src 'self'</c> allows (it sets attributes, not inline styles).
    /// </summary>
    public const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication UseConsole(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(Assembly.GetExecutingAssembly(), "WarningSystem.Console.wwwroot");
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(Path, out var rest)) return next(context);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.ContentSecurityPolicy = Policy;
                return Task.CompletedTask;
            });
            // The pages' relative module paths need the trailing slash.
            if (!rest.HasValue) { context.Response.Redirect(Path + "/"); return Task.CompletedTask; }
            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { RequestPath = Path, FileProvider = files });
        return app;
    }
}
