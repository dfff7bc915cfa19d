namespace WarningSystem.IntegrationTests.Operations;

/// <summary>
/// Outside Development the service loads its Wolverine code from src/WarningSystem.Api/Internal/Generated instead of
/// compiling it at start-up. That code must be exactly what <c>codegen write</c> makes of the source as it is now:
/// a handler or endpoint added or changed without running ops/codegen.sh fails here, not in production. The command
/// runs as its own process (it writes below its working directory), so the running test host is left alone.
/// </summary>
[Collection(ServiceCollection.Name)]
public class the_generated_code(ServiceFixture service)
{
    [Fact]
    public async Task is_what_codegen_makes_of_the_current_source()
    {
        var committed = Path.Combine(ServiceCommand.RepositoryRoot(), "src", "WarningSystem.Api", "Internal", "Generated");
        var work = Directory.CreateTempSubdirectory("warningsystem-codegen-").FullName;
        try
        {
            await CodegenWrite(work);

            var expected = Files(Path.Combine(work, "Internal", "Generated"));
            var actual = Files(committed);
            actual.Keys.ShouldBe(expected.Keys, ignoreOrder: true, "generated files added or removed: run ops/codegen.sh");
            foreach (var (name, code) in expected)
                actual[name].ShouldBe(code, $"{name} is stale: run ops/codegen.sh");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    async Task CodegenWrite(string workingDirectory)
    {
        var outcome = await ServiceCommand.RunAsync(service.ConnectionString, workingDirectory, "codegen", "write");
        outcome.ExitCode.ShouldBe(0, $"codegen write failed: {outcome.Output}{outcome.Errors}");
    }

    static Dictionary<string, string> Files(string folder) => Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(folder, f), f => File.ReadAllText(f).ReplaceLineEndings("\n"));
}
