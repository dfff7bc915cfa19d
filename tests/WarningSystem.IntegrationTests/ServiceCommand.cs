using System.Diagnostics;

namespace WarningSystem.IntegrationTests;

/// <summary>
/// Runs one of the service's commands (<c>codegen write</c>, <c>verify</c>…) as its own process, as an operator
/// would, against the test database, so the test host is left alone.
/// </summary>
public static class ServiceCommand
{
    public sealed record Outcome(int ExitCode, string Output, string Errors);

    public static async Task<Outcome> RunAsync(string connectionString, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [ServiceAssembly(), .. args])
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Marten"] = connectionString, ["ASPNETCORE_ENVIRONMENT"] = "Development" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new(process.ExitCode, await output, await errors);
    }

    /// <summary>The service's own build output: run from the test binaries, a command would also scan the test assemblies.</summary>
    static string ServiceAssembly()
    {
        var binaries = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryRoot(), "src", "WarningSystem.Api", "bin", binaries.Parent!.Name, binaries.Name, "WarningSystem.Api.dll");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WarningSystem.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("WarningSystem.sln not found above the test binaries");
    }
}
