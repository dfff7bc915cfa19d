using JasperFx.CommandLine;

namespace WarningSystem.Security;

public sealed class ApiKeysInput : NetCoreInput
{
    [Description("create, list, rotate or revoke")]
    public string Action { get; set; } = "";

    [Description("The clinic(s) the key is granted, comma-separated (create; filters list)")]
    public string ClinicFlag { get; set; } = "";

    [Description("integration, coordinator, auditor or admin (create)")]
    public string RoleFlag { get; set; } = "";

    [Description("A label for the key (create)")]
    public string NameFlag { get; set; } = "";

    [Description("The key id (rotate, revoke)")]
    public string KeyFlag { get; set; } = "";
}

/// <summary>
/// <c>dotnet run -- apikeys create --clinic north --role integration</c>. A new key is printed alone on standard
/// output, so a script can capture it; everything else goes to standard error.
/// </summary>
[Description("Create, list, rotate or revoke API keys", Name = "apikeys")]
public sealed class ApiKeysCommand : JasperFxAsyncCommand<ApiKeysInput>
{
    static TextWriter keyOutput = Console.Out;

    /// <summary>Sends all console output to standard error, keeping standard output for the key alone.</summary>
    public static void ReserveStandardOutput()
    {
        keyOutput = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        Console.SetOut(Console.Error);
    }

    public override async Task<bool> Execute(ApiKeysInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var clinics = input.ClinicFlag.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await using var session = store.LightweightSession();

        switch (input.Action)
        {
            case "create":
                if (!Roles.All.Contains(input.RoleFlag) || clinics.Length == 0
                    || clinics.Any(c => !Identifiers.IsValid(c)))
                    return Fail($"create needs --clinic <id[,id…]> and --role <{string.Join("|", Roles.All)}>");
                var (record, key) = ApiKeys.Issue(input.RoleFlag, clinics, input.NameFlag is { Length: > 0 } n ? n : input.RoleFlag, now);
                session.Store(record);
                await session.SaveChangesAsync();
                Console.Error.WriteLine($"Created key {record.Id} ({record.Role}) for {string.Join(", ", clinics)}. It is shown once:");
                keyOutput.WriteLine(key);
                return true;
            case "list":
                var keys = await session.Query<ApiKey>().OrderBy(k => k.CreatedAt).ToListAsync();
                foreach (var k in keys.Where(k => clinics.Length == 0 || k.Clinics.Any(clinics.Contains)))
                    Console.Error.WriteLine($"{k.Id}  {k.Role,-11}  {string.Join(",", k.Clinics),-30}  {k.Name,-20}  " +
                        (k.IsActive ? "active" : $"revoked {k.RevokedAt:O}"));
                return true;
            case "rotate" or "revoke":
                if (await session.LoadAsync<ApiKey>(input.KeyFlag) is not { IsActive: true } old) return Fail($"no active key '{input.KeyFlag}'");
                if (input.Action == "revoke")
                {
                    session.Store(old with { RevokedAt = now });
                    await session.SaveChangesAsync();
                    Console.Error.WriteLine($"Revoked key {old.Id}.");
                    return true;
                }
                var (revoked, successor, newKey) = ApiKeys.Rotate(old, now);
                session.Store(revoked, successor);
                await session.SaveChangesAsync();
                Console.Error.WriteLine($"Key {old.Id} revoked; its successor {successor.Id} is shown once:");
                keyOutput.WriteLine(newKey);
                return true;
            default:
                return Fail("the action must be create, list, rotate or revoke");
        }
    }

    static bool Fail(string message)
    {
        Console.Error.WriteLine(message);
        return false;
    }
}
