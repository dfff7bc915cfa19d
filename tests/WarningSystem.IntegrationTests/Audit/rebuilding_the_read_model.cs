using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using WarningSystem.IntegrationTests.Delivery;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class rebuilding_the_read_model(ServiceFixture service)
{
    static readonly DateTimeOffset Day0 = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task a_rebuild_restores_the_alerts_from_their_streams_raises_nothing_and_sends_nothing()
    {
        var clinic = Api.NewClinic();
        await using var receiver = await WebhookReceiver.StartAsync();
        await service.Client.Register(clinic, receiver.Url, receiver.Secret);
        await service.Client.PostEvent(clinic, Api.Event("p", "OffScheduleRequest", new { kind = "extra-session", channel = "phone" }, Day0));
        await service.Client.PostEvent(clinic, Api.Event("p", "OffScheduleRequest", new { kind = "earlier-session", channel = "phone" }, Day0.AddDays(1)));
        var alerts = await service.Client.SettleWithSentinel(clinic, "p", Day0.AddDays(2));
        alerts.Length.ShouldBe(2);
        var acknowledged = alerts[0].GetProperty("alertId").GetString()!;
        (await service.Client.PostAsJsonAsync($"/api/clinics/{clinic}/alerts/{acknowledged}/acknowledge",
            new { by = "coord-1", note = "calling today" })).EnsureSuccessStatusCode();
        // Two raised, one acknowledged: three deliveries, after which delivery has nothing left to send.
        await Webhooks.Until(() => receiver.Accepted.Count, n => n == 3, "the deliveries before the rebuild");
        var before = JsonSerializer.Serialize(await service.Client.ForPatient(clinic, "p"));
        var readModelsBefore = await ReadModels(clinic);
        var eventsBefore = await EventCount(clinic);

        // The read model goes wrong: one alert lost, the acknowledgement forgotten on the other.
        await Sql($"delete from warnings.mt_doc_alert where tenant_id = @clinic and id <> '{acknowledged}'", clinic);
        await Sql($"update warnings.mt_doc_alert set data = jsonb_set(data, '{{status}}', '\"open\"') where tenant_id = @clinic", clinic);
        JsonSerializer.Serialize(await service.Client.ForPatient(clinic, "p")).ShouldNotBe(before);
        (await ReadModels(clinic)).ShouldNotBe(readModelsBefore);

        var started = await service.Client.PostAsync($"/api/clinics/{clinic}/rebuilds", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        started.Headers.Location!.ToString().ShouldStartWith($"/api/clinics/{clinic}/rebuilds/");
        (await started.Body()).GetProperty("status").GetString().ShouldBe("running");
        var done = await Webhooks.Until(async () => await (await service.Client.GetAsync(started.Headers.Location)).Body(),
            r => r.GetProperty("status").GetString() != "running", "the rebuild to finish");

        done.GetProperty("status").GetString().ShouldBe("completed");
        done.GetProperty("projection").GetString().ShouldBe("Alert");
        done.GetProperty("streams").GetInt32().ShouldBe(2);
        done.GetProperty("rebuilt").GetInt32().ShouldBe(2);
        JsonSerializer.Serialize(await service.Client.ForPatient(clinic, "p")).ShouldBe(before);
        // The counts, metrics and worklist follow the rebuilt alerts, as they followed the damage.
        (await ReadModels(clinic)).ShouldBe(readModelsBefore);
        (await EventCount(clinic)).ShouldBe(eventsBefore);

        // Delivery follows the log in order: once a later change has arrived, anything the rebuild had caused would have too.
        (await service.Client.PostAsJsonAsync($"/api/clinics/{clinic}/alerts/{acknowledged}/resolve",
            new { by = "coord-1", resolution = "false-positive", note = "planned" })).EnsureSuccessStatusCode();
        await Webhooks.Until(() => receiver.Accepted.Count, n => n >= 4, "the delivery after the rebuild");
        receiver.Accepted.Count.ShouldBe(4);
    }

    /// <summary>What the alert read models answer: the list's count, the metrics and the worklist.</summary>
    async Task<string> ReadModels(string clinic)
    {
        var list = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?status=open")).Body();
        var metrics = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts/metrics")).Body();
        var worklist = await (await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?groupBy=patient")).Body();
        return JsonSerializer.Serialize(new { openTotal = list.GetProperty("total"), metrics, worklist });
    }

    [Fact]
    public async Task an_unknown_rebuild_is_a_404_problem()
    {
        var response = await service.Client.GetAsync($"/api/clinics/{Api.NewClinic()}/rebuilds/nope");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    async Task<long> EventCount(string clinic)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from warnings.mt_events where tenant_id = @clinic", connection);
        command.Parameters.AddWithValue("clinic", clinic);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    async Task Sql(string sql, string clinic)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("clinic", clinic);
        (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
    }
}
