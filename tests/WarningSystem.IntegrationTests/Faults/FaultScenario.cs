using System.Net.Http.Json;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// What every fault scenario stands on: a cluster of its own, the service as its own process, a clinic whose alerts
/// escalate within seconds (so escalation timers are pending when the fault strikes), a webhook receiver for all its
/// alert changes, and the ledger client.
/// </summary>
public sealed class FaultScenario : IAsyncDisposable
{
    /// <summary>Escalation after 0.002 h (7.2 s), and the next level 7.2 s later: every alert ends at level 2.</summary>
    public const decimal EscalationHours = 0.002m;
    public const int EscalationLevels = 2;

    public required PgCluster Database { get; init; }
    public required ServiceProcess Service { get; init; }
    public required HttpClient Client { get; init; }
    public required WebhookReceiver Receiver { get; init; }
    public required Ledger Ledger { get; init; }
    public string ClinicId => Ledger.ClinicId;

    /// <param name="connectionString">Changes the service's connection string (a smaller pool, for instance).</param>
    /// <param name="settings">Service settings beside the defaults of <see cref="ServiceProcess"/>.</param>
    public static async Task<FaultScenario> StartAsync(string name, Func<string, string>? connectionString = null,
        IEnumerable<(string Key, string Value)>? settings = null)
    {
        var database = await PgCluster.StartAsync(name);
        var service = await ServiceProcess.StartAsync((connectionString ?? (c => c))(database.ConnectionString), settings);
        var client = service.Client();
        var clinic = Api.NewClinic();
        var protocol = await client.PutAsJsonAsync($"/api/clinics/{clinic}/protocol", new
        {
            changedBy = "fault-suite",
            settings = new { escalation = new { highHours = EscalationHours, mediumHours = EscalationHours, nextLevelHours = EscalationHours } },
        });
        protocol.IsSuccessStatusCode.ShouldBeTrue(await protocol.Content.ReadAsStringAsync());
        var receiver = await WebhookReceiver.StartAsync();
        await client.Register(clinic, receiver.Url, receiver.Secret);
        return new FaultScenario { Database = database, Service = service, Client = client, Receiver = receiver, Ledger = new(client, clinic) };
    }

    /// <summary>Writes what the scenario counted where a reader of the test run finds it.</summary>
    public static void Report(string scenario, string text)
    {
        var line = $"[fault suite] {scenario}: {text}";
        TestContext.Current.SendDiagnosticMessage(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        var dir = Path.Combine(PgCluster.RepoRoot, "TestResults", "faults");
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, "report.txt"), line + Environment.NewLine);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
        await Receiver.DisposeAsync();
        await Database.DisposeAsync();
    }
}
