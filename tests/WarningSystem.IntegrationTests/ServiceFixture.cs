using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WarningSystem.IntegrationTests;

/// <summary>The real service host over HTTP against real PostgreSQL, one per test collection.</summary>
public class ServiceFixture : IAsyncLifetime
{
    IAsyncDisposable? container;
    WebApplicationFactory<Program>? factory;

    /// <summary>Acts with every role for the clinic each request names (see TestCredentials).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Sends only the credentials a test adds itself.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Everything the host logged so far.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Extra configuration for fixtures that need a differently configured host.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    /// <summary>Extra services for fixtures that extend the host (a rule of the tests' own, for instance).</summary>
    protected virtual void AddServices(IServiceCollection services) { }
    public IServiceProvider Services => factory!.Services;

    /// <summary>The test database, for tests that act on it as another node or a tamperer would.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Fixtures whose client runs out of process (a browser) need the host on a real TCP port.</summary>
    protected virtual bool ListensOnTcp => false;

    /// <summary>Where the host listens when <see cref="ListensOnTcp"/>: http://127.0.0.1 and a port the system chose.</summary>
    public Uri? Address { get; private set; }

    /// <summary>The database the host runs on: the suite's own, unless a fixture brings one.</summary>
    protected virtual Task<(string ConnectionString, IAsyncDisposable? Container)> AcquireDatabaseAsync() => TestDatabase.AcquireAsync();

    public virtual async ValueTask InitializeAsync()
    {
        var (connectionString, started) = await AcquireDatabaseAsync();
        container = started;
        ConnectionString = connectionString;
        // The service ends with RunJasperFxCommands; under the test host it must start the app rather than parse args.
        JasperFxEnvironment.AutoStartHost = true;
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Development");
            host.UseSetting("ConnectionStrings:Marten", connectionString);
            // Short retries, so tests see a failing receiver recover or dead-letter within seconds.
            host.UseSetting("Webhooks:RetryDelaysSeconds", "0.2,0.4,0.6");
            host.UseSetting("Webhooks:TimeoutSeconds", "5");
            // The test receivers listen on 127.0.0.1.
            host.UseSetting("Webhooks:AllowPrivateNetworks", "true");
            host.UseSetting("Auth:Jwt:SigningKey", TestCredentials.SigningKey);
            host.UseSetting("Auth:Jwt:Issuer", TestCredentials.Issuer);
            host.UseSetting("Auth:Jwt:Audience", TestCredentials.Audience);
            foreach (var (key, value) in Settings) host.UseSetting(key, value);
            host.ConfigureServices(services =>
            {
                services.AddSingleton<ILoggerProvider>(Logs);
                AddServices(services);
            });
        });
        if (ListensOnTcp)
        {
            factory.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            factory.StartServer();
            Address = new(factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
        }
        Client = Address is null ? factory.CreateDefaultClient(new TestCredentials.ForRequestedClinic())
            : factory.CreateDefaultClient(Address, new TestCredentials.ForRequestedClinic());
        Anonymous = Address is null ? factory.CreateClient() : factory.CreateClient(new() { BaseAddress = Address });
    }

    public virtual async ValueTask DisposeAsync()
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
