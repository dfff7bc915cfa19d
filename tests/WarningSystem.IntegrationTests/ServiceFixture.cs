using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WarningSystem.IntegrationTests;

/// <summary>The real service host over HTTP against real PostgreSQL, one per test collection.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    IAsyncDisposable? container;
    WebApplicationFactory<Program>? factory;

    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    public async ValueTask InitializeAsync()
    {
        var (connectionString, started) = await TestDatabase.AcquireAsync();
        container = started;
        // The service ends with RunJasperFxCommands; under the test host it must start the app rather than parse args.
        JasperFxEnvironment.AutoStartHost = true;
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Development");
            host.UseSetting("ConnectionStrings:Marten", connectionString);
            // Short retries, so tests see a failing receiver recover or dead-letter within seconds.
            host.UseSetting("Webhooks:RetryDelaysSeconds", "0.2,0.4,0.6");
            host.UseSetting("Webhooks:TimeoutSeconds", "5");
        });
        Client = factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        if (container is not null) await container.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
