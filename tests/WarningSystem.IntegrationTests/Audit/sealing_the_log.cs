using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WarningSystem.Audit;
using WarningSystem.Ingest;

namespace WarningSystem.IntegrationTests.Audit;

[Collection(ServiceCollection.Name)]
public class sealing_the_log(ServiceFixture service)
{
    [Fact]
    public async Task verification_passes_until_a_stored_row_is_changed_and_then_names_the_first_break()
    {
        var clinic = Api.NewClinic();
        var receipts = new List<JsonElement>();
        foreach (var intensity in new[] { 1, 2, 3 })
            receipts.Add(await (await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity }, eventId: $"c{intensity}"))).Body());
        await service.Client.PostEvent(clinic, Api.Event("q", "CravingReported", new { intensity = 1 }));

        var patient = await WaitForChecked($"/api/clinics/{clinic}/patients/p/verify", 3);
        patient.GetProperty("verified").GetBoolean().ShouldBeTrue();
        (await WaitForChecked($"/api/clinics/{clinic}/verify", 4)).GetProperty("verified").GetBoolean().ShouldBeTrue();
        var verifier = service.Services.GetRequiredService<ChainVerifier>();
        (await verifier.EverythingAsync(CancellationToken.None)).Verified.ShouldBeTrue();
        (await verifier.LatestCheckpointAsync(CancellationToken.None)).ShouldNotBeNull();
        var intact = await VerifyCommand();
        intact.ExitCode.ShouldBe(0, intact.Errors);
        intact.Report.GetProperty("verified").GetBoolean().ShouldBeTrue();
        intact.Report.GetProperty("latestCheckpoint").GetProperty("id").GetInt64().ShouldBeGreaterThanOrEqualTo(receipts[2].GetProperty("sequence").GetInt64());

        var tampered = receipts[1].GetProperty("sequence").GetInt64();
        var original = await Tamper(tampered, "jsonb_set(data, '{intensity}', '9')");
        try
        {
            var broken = await (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/verify")).Body();
            broken.GetProperty("verified").GetBoolean().ShouldBeFalse();
            broken.GetProperty("checked").GetInt64().ShouldBe(1);
            var firstBreak = broken.GetProperty("firstBreak");
            firstBreak.GetProperty("sequence").GetInt64().ShouldBe(tampered);
            firstBreak.GetProperty("eventId").GetGuid().ShouldBe(EventIdentity.For(clinic, "c2"));
            firstBreak.GetProperty("expected").GetString().ShouldNotBe(firstBreak.GetProperty("found").GetString());

            var clinicWide = await (await service.Client.GetAsync($"/api/clinics/{clinic}/verify")).Body();
            clinicWide.GetProperty("firstBreak").GetProperty("sequence").GetInt64().ShouldBe(tampered);
            var everything = await verifier.EverythingAsync(CancellationToken.None);
            everything.Verified.ShouldBeFalse();
            everything.FirstBreak!.Sequence.ShouldBe(tampered);
            var command = await VerifyCommand();
            command.ExitCode.ShouldNotBe(0);
            command.Report.GetProperty("firstBreak").GetProperty("sequence").GetInt64().ShouldBe(tampered);
        }
        finally
        {
            await Tamper(tampered, $"'{original.Replace("'", "''")}'::jsonb");
        }
        (await (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/verify")).Body()).GetProperty("verified").GetBoolean().ShouldBeTrue();

        // A deleted row leaves every remaining row matching its own seal: only the whole store's walk, which checks
        // that each seal follows the one before, finds the gap, at the next row.
        await using (await Delete(tampered))
        {
            (await (await service.Client.GetAsync($"/api/clinics/{clinic}/patients/p/verify")).Body()).GetProperty("verified").GetBoolean().ShouldBeTrue();
            var gap = await verifier.EverythingAsync(CancellationToken.None);
            gap.Verified.ShouldBeFalse();
            gap.FirstBreak!.Sequence.ShouldBeGreaterThan(tampered);
        }
        (await verifier.EverythingAsync(CancellationToken.None)).Verified.ShouldBeTrue();
    }

    /// <summary>Deletes a stored event behind the service's back; disposing puts the same row back.</summary>
    async Task<IAsyncDisposable> Delete(long sequence)
    {
        var store = service.Services.GetRequiredService<IDocumentStore>();
        var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync();
        await using var delete = new NpgsqlCommand(
            "create temp table deleted as select * from warnings.mt_events where seq_id = @s; delete from warnings.mt_events where seq_id = @s", conn);
        delete.Parameters.AddWithValue("s", sequence);
        await delete.ExecuteNonQueryAsync();
        return new Restore(conn);
    }

    sealed class Restore(NpgsqlConnection conn) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (conn)
            await using (var insert = new NpgsqlCommand("insert into warnings.mt_events select * from deleted; drop table deleted", conn))
                (await insert.ExecuteNonQueryAsync()).ShouldBe(1);
        }
    }

    /// <summary>The <c>verify</c> command, run as an operator runs it; its report is the JSON it prints.</summary>
    async Task<(int ExitCode, JsonElement Report, string Errors)> VerifyCommand()
    {
        var outcome = await ServiceCommand.RunAsync(service.ConnectionString, AppContext.BaseDirectory, "verify");
        // The report is the indented JSON object the command prints last, after whatever the host logged.
        var output = "\n" + outcome.Output.ReplaceLineEndings("\n");
        var json = output[output.LastIndexOf("\n{\n", StringComparison.Ordinal)..];
        return (outcome.ExitCode, JsonSerializer.Deserialize<JsonElement>(json), outcome.Errors);
    }

    /// <summary>Changes a stored event behind the service's back, as someone with database access could; returns the data before.</summary>
    async Task<string> Tamper(long sequence, string newData)
    {
        var store = service.Services.GetRequiredService<IDocumentStore>();
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync();
        await using var read = new NpgsqlCommand("select data::text from warnings.mt_events where seq_id = @s", conn);
        read.Parameters.AddWithValue("s", sequence);
        var before = (string)(await read.ExecuteScalarAsync())!;
        await using var update = new NpgsqlCommand($"update warnings.mt_events set data = {newData} where seq_id = @s", conn);
        update.Parameters.AddWithValue("s", sequence);
        (await update.ExecuteNonQueryAsync()).ShouldBe(1);
        return before;
    }

    async Task<JsonElement> WaitForChecked(string path, long count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await service.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await response.Body();
            if (body.GetProperty("checked").GetInt64() == count) return body;
            // Sealing follows the whole log, which other tests may just have filled with thousands of events.
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), $"never sealed {count} events: {body}; " +
                string.Join(" | ", service.Logs.Lines.Where(l => l.Contains("HashChain") && !l.StartsWith("Debug") && !l.StartsWith("Trace")).TakeLast(5)));
            await Task.Delay(100);
        }
    }
}
