using Microsoft.Playwright;

namespace WarningSystem.IntegrationTests.Console;

/// <summary>
/// The service on a real TCP port and one headless Chromium for the collection. The browser is the system's
/// (Debian's chromium package; ops/test.sh installs it when missing): Playwright's own browser download is not used.
/// </summary>
public sealed class ConsoleFixture : ServiceFixture
{
    protected override bool ListensOnTcp => true;

    public static string BrowserPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The repository's TestResults folder, where screenshots are kept as artifacts of the run.</summary>
    public static string Artifacts
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WarningSystem.sln"))) dir = dir.Parent;
            var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "console");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserPath, Headless = true });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
