using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;

namespace WarningSystem.IntegrationTests.Operations;

/// <summary>
/// Outside Development the service loads its Wolverine code from src/WarningSystem.Api/Internal/Generated instead of
/// compiling it at start-up. That code must be exactly what <c>codegen write</c> makes of the source as it is now:
/// a handler or endpoint added or changed without running ops/codegen.sh fails here, not in production.
/// </summary>
[Collection(ServiceCollection.Name)]
public class the_generated_code(ServiceFixture service)
{
    [Fact]
    public void is_what_codegen_makes_of_the_current_source()
    {
        var committed = Path.Combine(RepositoryRoot(), "src", "WarningSystem.Api", "Internal", "Generated");
        var fresh = Directory.CreateTempSubdirectory("warningsystem-codegen-").FullName;
        try
        {
            Generate(fresh);

            var expected = Files(fresh);
            Files(committed).Keys.ShouldBe(expected.Keys, ignoreOrder: true, "generated files added or removed: run ops/codegen.sh");
            foreach (var (name, code) in expected)
                Files(committed)[name].ShouldBe(code, $"{name} is stale: run ops/codegen.sh");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    /// <summary>What <c>codegen write</c> does, into another folder.</summary>
    void Generate(string folder)
    {
        var collections = service.Services.GetServices<ICodeFileCollection>().ToArray();
        var paths = collections.Select(c => c.Rules.GeneratedCodeOutputPath).ToArray();
        try
        {
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = folder;
            new DynamicCodeBuilder(service.Services, collections)
            {
                ServiceVariableSource = service.Services.GetService<IServiceVariableSource>(),
            }.WriteGeneratedCode(_ => { });
        }
        finally
        {
            for (var i = 0; i < collections.Length; i++) collections[i].Rules.GeneratedCodeOutputPath = paths[i];
        }
    }

    static Dictionary<string, string> Files(string folder) => Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(folder, f), f => File.ReadAllText(f).ReplaceLineEndings("\n"));

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WarningSystem.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("WarningSystem.sln not found above the test binaries");
    }
}
