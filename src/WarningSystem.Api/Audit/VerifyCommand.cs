using System.Text.Json;
using JasperFx.CommandLine;

namespace WarningSystem.Audit;

public sealed class VerifyInput : NetCoreInput;

/// <summary>
/// <c>dotnet run -- verify</c>: checks the whole event log against its hash chain and prints the result and the
/// latest checkpoint as JSON. Exits non-zero when the chain is broken.
/// </summary>
[Description("Verify the whole event log against its hash chain", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        var verifier = host.Services.GetRequiredService<ChainVerifier>();
        var result = await verifier.EverythingAsync(CancellationToken.None);
        var checkpoint = await verifier.LatestCheckpointAsync(CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(new { result.Verified, result.Checked, result.FirstBreak, LatestCheckpoint = checkpoint },
            new JsonSerializerOptions(JsonSetup.Options) { WriteIndented = true }));
        return result.Verified;
    }
}
