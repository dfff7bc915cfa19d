using System.Text.RegularExpressions;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace WarningSystem.Tests.Ops;

/// <summary>
/// docker-compose.yml cannot be run where the tests run (no Docker engine), so it is read against what it must agree
/// with: its own services, ops/Dockerfile, and the configuration table in README.md.
/// </summary>
public class the_compose_file
{
    static readonly string Root = RepositoryRoot();
    static readonly Dictionary<string, YamlMappingNode> Services = ReadServices(Path.Combine(Root, "docker-compose.yml"));
    static readonly string Dockerfile = File.ReadAllText(Path.Combine(Root, "ops", "Dockerfile"));
    const string DashboardImage = "mcr.microsoft.com/dotnet/aspire-dashboard";

    [Fact]
    public void depends_only_on_services_it_defines()
    {
        foreach (var (name, service) in Services)
        foreach (var dependency in DependsOn(service).Keys)
            Services.ShouldContainKey(dependency, $"{name} depends on {dependency}");
    }

    [Fact]
    public void publishes_only_ports_the_services_listen_on()
    {
        foreach (var (name, service) in Services)
        {
            var listening = ListeningPorts(name, service);
            foreach (var port in Sequence(service, "ports"))
                listening.ShouldContain(ContainerPort(port), $"{name} publishes {port}");
        }
        if (Regex.Match(Dockerfile, @"^EXPOSE\s+(\d+)", RegexOptions.Multiline) is { Success: true } expose)
            ListeningPorts(TheService(), Services[TheService()]).ShouldContain(int.Parse(expose.Groups[1].Value),
                "ops/Dockerfile EXPOSEs a port the service does not listen on");
    }

    [Fact]
    public void gives_the_service_only_settings_the_readme_documents()
    {
        var documented = ReadmeSettings().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in AppServices())
        foreach (var variable in Env(Services[name]).Keys)
            documented.Contains(Key(variable)).ShouldBeTrue($"{name} sets {variable}, which README's configuration table does not list");
    }

    [Fact]
    public void connects_the_service_to_the_postgres_service_with_its_credentials()
    {
        foreach (var name in AppServices())
        {
            var connection = new NpgsqlConnectionStringBuilder(Env(Services[name]).GetValueOrDefault("ConnectionStrings__Marten"));
            var host = connection.Host.ShouldNotBeNull($"{name} has no ConnectionStrings__Marten Host");
            Services.ShouldContainKey(host, $"{name} connects to {host}");
            Image(Services[host]).ShouldStartWith("postgres", Case.Sensitive, $"{name} connects to {host}");
            var postgres = Env(Services[host]);
            var user = postgres.GetValueOrDefault("POSTGRES_USER") ?? "postgres";
            connection.Username.ShouldBe(user, $"{name}'s Username");
            connection.Password.ShouldBe(postgres.GetValueOrDefault("POSTGRES_PASSWORD"), $"{name}'s Password");
            connection.Database.ShouldBe(postgres.GetValueOrDefault("POSTGRES_DB") ?? user, $"{name}'s Database");
            ListeningPorts(host, Services[host]).ShouldContain(connection.Port, $"{name}'s Port");
            StartsAfter(name, host).ShouldBeTrue($"{name} does not wait for {host}");
        }
    }

    [Fact]
    public void sends_traces_and_metrics_to_the_dashboards_otlp_port()
    {
        var service = Env(Services[TheService()]);
        service.GetValueOrDefault("OTEL_SERVICE_NAME").ShouldNotBeNullOrWhiteSpace();
        var endpoint = new Uri(service.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT").ShouldNotBeNull());
        Services.ShouldContainKey(endpoint.Host, "OTEL_EXPORTER_OTLP_ENDPOINT names no service");
        var dashboard = Services[endpoint.Host];
        Image(dashboard).ShouldStartWith(DashboardImage, Case.Sensitive, "OTEL_EXPORTER_OTLP_ENDPOINT is not the dashboard");
        // The exporter speaks OTLP over gRPC unless told otherwise, so it must reach the dashboard's gRPC port.
        endpoint.Port.ShouldBe(PortOf(Env(dashboard), "DASHBOARD_OTLP_ENDPOINT_URL", 18889));
    }

    [Fact]
    public void applies_the_schema_once_before_the_service_starts()
    {
        var service = Services[TheService()];
        Env(service).GetValueOrDefault("ASPNETCORE_ENVIRONMENT").ShouldBe("Production");
        Env(service).GetValueOrDefault("Database__AutoMigrate")?.ToLowerInvariant().ShouldNotBe("true");
        var steps = DependsOn(service).Where(d => d.Value == "service_completed_successfully").Select(d => d.Key).ToList();
        var step = steps.ShouldHaveSingleItem("the service waits for no one-shot step");
        AppServices().ShouldContain(step, $"{step} does not run the service's image");
        string.Join(" ", Sequence(Services[step], "command")).ShouldBe("db-apply", $"{step}'s command");
        Env(Services[step]).GetValueOrDefault("ConnectionStrings__Marten")
            .ShouldBe(Env(service).GetValueOrDefault("ConnectionStrings__Marten"), $"{step} and the service use different connection strings");
    }

    /// <summary>The services that run the service's image: built from ops/Dockerfile, or naming the image built so.</summary>
    static List<string> AppServices()
    {
        var built = Services.Where(s => Child(s.Value, "build") is YamlMappingNode b && Scalar(b, "dockerfile") == "ops/Dockerfile").ToList();
        var images = built.Select(s => Image(s.Value)).Where(i => i.Length > 0).ToHashSet();
        return Services.Where(s => built.Any(b => b.Key == s.Key) || images.Contains(Image(s.Value))).Select(s => s.Key).ToList();
    }

    /// <summary>The long-running service: the one service running the service's image with no command of its own.</summary>
    static string TheService() => AppServices().Where(s => Child(Services[s], "command") is null).ShouldHaveSingleItem("the service");

    /// <summary>What each image listens on, from the settings it reads; an image not known here must be taught.</summary>
    static List<int> ListeningPorts(string name, YamlMappingNode service)
    {
        var environment = Env(service);
        if (AppServices().Contains(name))
        {
            string? DockerfileEnv(string variable) =>
                Regex.Match(Dockerfile, $@"^ENV\s+{variable}[=\s]+(\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : null;
            var urls = environment.GetValueOrDefault("ASPNETCORE_URLS") ?? DockerfileEnv("ASPNETCORE_URLS");
            if (urls is not null) return urls.Split(';').Select(u => new Uri(u.Replace("+", "localhost").Replace("*", "localhost")).Port).ToList();
            // The aspnet base image sets ASPNETCORE_HTTP_PORTS=8080.
            var ports = environment.GetValueOrDefault("ASPNETCORE_HTTP_PORTS") ?? DockerfileEnv("ASPNETCORE_HTTP_PORTS") ?? "8080";
            return ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        }
        if (Image(service).StartsWith("postgres")) return [int.Parse(environment.GetValueOrDefault("PGPORT") ?? "5432")];
        if (Image(service).StartsWith(DashboardImage))
            return [PortOf(environment, "ASPNETCORE_URLS", 18888), PortOf(environment, "DASHBOARD_OTLP_ENDPOINT_URL", 18889),
                PortOf(environment, "DASHBOARD_OTLP_HTTP_ENDPOINT_URL", 18890)];
        Sequence(service, "ports").ShouldBeEmpty($"this test does not know what {name} ({Image(service)}) listens on");
        return [];
    }

    /// <summary>A dashboard endpoint's port: set as DOTNET_… or ASPIRE_… (or plainly), else the image's default.</summary>
    static int PortOf(Dictionary<string, string?> environment, string setting, int fallback) =>
        new[] { setting, "DOTNET_" + setting, "ASPIRE_" + setting }.Select(environment.GetValueOrDefault).FirstOrDefault(v => v is not null)
            is { } url ? new Uri(url.Replace("+", "localhost").Replace("*", "localhost")).Port : fallback;

    /// <summary>"8080", "8080:80", "127.0.0.1:8080:80", "80/tcp" or the long form's target: the container's port.</summary>
    static int ContainerPort(string port) => int.Parse(port.Split(':').Last().Split('/')[0]);

    static bool StartsAfter(string name, string other, int depth = 0) =>
        depth < Services.Count && DependsOn(Services[name]).Keys.Any(d => d == other || StartsAfter(d, other, depth + 1));

    /// <summary>Setting names in README's configuration table, as configuration keys (<c>Database:AutoMigrate</c>).</summary>
    static HashSet<string> ReadmeSettings()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var section = Regex.Match(readme, @"^## Configuration\s*$(.*?)(^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        section.Success.ShouldBeTrue("README has no '## Configuration' section");
        var names = Regex.Matches(section.Groups[1].Value, @"^\|([^|]*)\|", RegexOptions.Multiline)
            .SelectMany(row => Regex.Matches(row.Groups[1].Value, "`([^`]+)`").Select(m => m.Groups[1].Value))
            .Where(name => !name.StartsWith('-')).Select(Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        names.ShouldContain("ConnectionStrings:Marten", "README's configuration table was not found or not read");
        return names;
    }

    /// <summary>An environment variable as the configuration key it sets.</summary>
    static string Key(string variable) => variable.Replace("__", ":");

    static Dictionary<string, YamlMappingNode> ReadServices(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children["services"];
        return services.Children.ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => (YamlMappingNode)s.Value);
    }

    static string? Scalar(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode scalar ? scalar.Value : null;

    static YamlNode? Child(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var value) ? value : null;

    static string Image(YamlMappingNode service) => Scalar(service, "image") ?? "";

    /// <summary>A key that holds a list, or a single string (split at spaces, as compose does for a command).</summary>
    static List<string> Sequence(YamlMappingNode service, string key) => Child(service, key) switch
    {
        YamlSequenceNode items => items.Select(i => i is YamlMappingNode m ? Scalar(m, "target") ?? "" : ((YamlScalarNode)i).Value ?? "").ToList(),
        YamlScalarNode { Value: { } text } => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
        _ => [],
    };

    /// <summary>The environment, in the map form or the list form ("NAME=value").</summary>
    static Dictionary<string, string?> Env(YamlMappingNode service) => Child(service, "environment") switch
    {
        YamlMappingNode map => map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value),
        YamlSequenceNode list => list.Select(e => ((YamlScalarNode)e).Value!.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : null),
        _ => [],
    };

    /// <summary>Each dependency and its condition, in the list form or the map form.</summary>
    static Dictionary<string, string> DependsOn(YamlMappingNode service) => Child(service, "depends_on") switch
    {
        YamlSequenceNode list => list.ToDictionary(d => ((YamlScalarNode)d).Value!, _ => "service_started"),
        YamlMappingNode map => map.Children.ToDictionary(d => ((YamlScalarNode)d.Key).Value!,
            d => d.Value is YamlMappingNode m ? Scalar(m, "condition") ?? "service_started" : "service_started"),
        _ => [],
    };

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WarningSystem.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No WarningSystem.sln above {AppContext.BaseDirectory}");
    }
}
