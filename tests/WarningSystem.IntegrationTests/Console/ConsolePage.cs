using Microsoft.Playwright;

namespace WarningSystem.IntegrationTests.Console;

/// <summary>
/// A browser tab on the console, with what the tests check on every page: no Content-Security-Policy violation and
/// no script error. Waits are on selectors and conditions, bounded by Playwright's timeouts.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    readonly IBrowserContext context;
    public IPage Page { get; }
    public Uri Base { get; }
    public List<string> Problems { get; } = [];

    ConsolePage(IBrowserContext context, IPage page, Uri @base)
    {
        this.context = context;
        Page = page;
        Base = @base;
        page.SetDefaultTimeout(15_000);
        // A refused call is logged by the browser as a failed load; the tests assert refusals on the page itself.
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource")) Problems.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => Problems.Add($"script: {error}");
    }

    public static async Task<ConsolePage> OpenAsync(ConsoleFixture service, int width = 1280, int height = 900)
    {
        var context = await service.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        // Registered by the browser itself, outside the page's policy: it records every violation the page causes.
        await context.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', " +
            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = new ConsolePage(context, await context.NewPageAsync(), service.Address!);
        return page;
    }

    public async Task GoAsync(string hash = "")
    {
        var response = await Page.GotoAsync(new Uri(Base, "/console/" + hash).ToString());
        // Moving between screens only changes the fragment: no document is loaded, so there is no response.
        if (response is not null) response.Status.ShouldBe(200);
    }

    /// <summary>The alert's screen, once it shows that alert (not the screen it replaces).</summary>
    public async Task<ILocator> OpenAlertAsync(string alertId)
    {
        await GoAsync($"#/alerts/{alertId}");
        var view = Page.Locator($"section.alert-view[data-alert='{alertId}']");
        await Microsoft.Playwright.Assertions.Expect(view).ToBeVisibleAsync();
        return view;
    }

    public async Task SignInAsync(string credential, string name = "coord-ana")
    {
        await GoAsync();
        await Page.GetByLabel("API key or token").FillAsync(credential);
        await Page.GetByLabel("Your name").FillAsync(name);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Fails with what went wrong when the page broke its policy or threw.</summary>
    public async Task ShouldBeCleanAsync()
    {
        var violations = await Page.EvaluateAsync<string[]>("() => window.__csp");
        violations.ShouldBeEmpty();
        Problems.ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
