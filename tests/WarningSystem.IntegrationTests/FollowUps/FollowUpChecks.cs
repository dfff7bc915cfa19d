using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Runtime;

namespace WarningSystem.IntegrationTests.FollowUps;

/// <summary>Posting follow-up events as an EHR would, and waiting, bounded, for what the service's checks do.</summary>
public static class FollowUpChecks
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task Post(this HttpClient client, string clinicId, string patientId, string type, object data,
        DateTimeOffset? occurredAt = null) =>
        (await client.PostEvent(clinicId, Api.Event(patientId, type, data, occurredAt))).EnsureSuccessStatusCode();

    public static Task Schedule(this HttpClient client, string clinicId, string patientId, string appointmentId,
        DateTimeOffset scheduledFor) =>
        client.Post(clinicId, patientId, "FollowUpScheduled", new { appointmentId, scheduledFor });

    public static async Task<JsonElement[]> Misses(this HttpClient client, string clinicId, string patientId) =>
        (await client.PatientEvents(clinicId, patientId)).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "MissedFollowUp").ToArray();

    public static string Appointment(this JsonElement missed) =>
        missed.GetProperty("data").GetProperty("appointmentId").GetString()!;

    public static async Task<JsonElement> WaitForMiss(this HttpClient client, string clinicId, string patientId, string appointmentId)
    {
        await Until(async () => (await client.Misses(clinicId, patientId)).Any(m => m.Appointment() == appointmentId),
            $"no MissedFollowUp for {appointmentId}");
        return (await client.Misses(clinicId, patientId)).Single(m => m.Appointment() == appointmentId);
    }

    /// <summary>
    /// Waits until this many checks of the appointment have run. Wolverine marks a durable message handled only once
    /// the handler's transaction has committed, so after this whatever the checks recorded, or did not, is visible.
    /// </summary>
    public static Task WaitForChecks(this ServiceFixture service, string appointmentId, int count = 1)
    {
        var admin = service.Services.GetRequiredService<IWolverineRuntime>().Storage.Admin;
        return Until(async () => (await admin.AllIncomingAsync()).Count(e => e.Status == EnvelopeStatus.Handled
                && e.MessageType?.EndsWith("CheckFollowUp", StringComparison.Ordinal) == true
                && e.Data is { } data && Encoding.UTF8.GetString(data).Contains(appointmentId, StringComparison.Ordinal)) >= count,
            $"{count} check(s) of {appointmentId} were never handled");
    }

    static async Task Until(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience) throw new TimeoutException($"After {Patience.TotalSeconds:0}s: {failure}.");
            await Task.Delay(100);
        }
    }
}
