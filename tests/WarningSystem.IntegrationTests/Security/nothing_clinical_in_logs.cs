using System.Collections.Concurrent;
using System.Diagnostics;

namespace WarningSystem.IntegrationTests.Security;

/// <summary>
/// A full ingest-to-alert flow, then a look at everything the host logged and every span tag it produced: the
/// event data and the credential must appear in neither. Identifiers and counts are fine.
/// </summary>
[Collection(ServiceCollection.Name)]
public class nothing_clinical_in_logs(ServiceFixture service)
{
    [Fact]
    public async Task an_ingest_to_alert_flow_leaves_no_event_data_or_key_in_logs_or_traces()
    {
        var tags = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => tags.Enqueue($"{a.DisplayName} {string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}"),
        };
        ActivitySource.AddActivityListener(listener);
        var clinic = Api.NewClinic();
        var key = await Keys.Create(service, clinic, "integration");
        const string prescriber = "Dr-Prescriber-Qx7Zt";
        const string session = "session-Kp9Wm";
        const string channel = "channel-Vb3Nq";

        await Keys.Post(service, clinic, key.Key, Api.Event("p", "TreatmentPlanPrescribed",
            new { drug = "ketamine", route = "IV", doseMgPerKg = 0.5, maxSessionsPerWeek = 2, prescriber }));
        await Keys.Post(service, clinic, key.Key, Api.Event("p", "DoseGiven",
            new { sessionId = session, drug = "ketamine", route = "IV", doseMg = 63, weightKg = 70 }));
        await Keys.Post(service, clinic, key.Key, Api.Event("p", "OffScheduleRequest", new { kind = "take-home", channel }));
        await Keys.Post(service, clinic, key.Key, Api.Event("p", "OffScheduleRequest", new { kind = "extra-session", channel }));
        await service.Client.WaitForRule(clinic, "p", "dose-above-authorized");
        await service.Client.WaitForRule(clinic, "p", "off-schedule-requests");

        var everything = service.Logs.Lines.Concat(tags).ToList();
        everything.ShouldNotBeEmpty();
        // The key is wsk_{id}_{secret}; the secret is base64url and may itself contain '_', so it is split at the
        // second underscore, not the last.
        var keySecret = key.Key.Split('_', 3)[2];
        foreach (var secret in new[] { prescriber, session, channel, key.Key, keySecret })
            everything.Where(line => line.Contains(secret)).ShouldBeEmpty($"'{secret}' leaked");
    }
}
