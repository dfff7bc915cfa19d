using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Audit;

/// <summary>
/// A 10,000-event history exported while the process's live memory is sampled: an export that held the history
/// (or the response) in memory would grow by at least its own size; a streamed one by a small buffer.
/// </summary>
[Collection(ServiceCollection.Name)]
public class exporting_a_long_history(ServiceFixture service, ITestOutputHelper output)
{
    const int Events = 10_000;

    // Attendances 31 days apart: no rule fires on them and no two share a rule window, so detection's work per
    // event stays small and the test measures the export, not a detection backlog.
    static readonly DateTimeOffset Start = new(1100, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task streams_ndjson_and_csv_in_bounded_memory()
    {
        var clinic = Api.NewClinic();
        for (var batch = 0; batch < Events / 1000; batch++)
        {
            var items = Enumerable.Range(batch * 1000, 1000).Select(i => (JsonNode)Api.Event("p", "SessionAttended",
                new { sessionId = $"s-{i}", scheduled = true }, Start.AddDays(31 * i), $"evt-{i:D5}"));
            var body = await (await service.Client.PostBatch(clinic, items)).Body();
            body.GetProperty("accepted").GetInt32().ShouldBe(1000);
        }
        await SettleDetection(clinic);

        var (ndLines, ndBytes, ndGrowth) = await Measure(clinic, "application/x-ndjson");
        ndLines.ShouldBe(Events + 1); // and the sentinel
        ndGrowth.ShouldBeLessThan(ndBytes / 2, $"NDJSON export of {ndBytes} bytes grew live memory by {ndGrowth}");

        var (csvLines, csvBytes, csvGrowth) = await Measure(clinic, "text/csv");
        csvLines.ShouldBe(Events + 2); // a header line, and the sentinel
        csvGrowth.ShouldBeLessThan(csvBytes / 2, $"CSV export of {csvBytes} bytes grew live memory by {csvGrowth}");
    }

    /// <summary>
    /// Reads the export line by line, forcing a collection every 2,000 lines to see what is still live. A history held
    /// in memory stays live for the whole read and shows in every sample; the host's background work comes and goes,
    /// so the least growth seen is the export's own.
    /// </summary>
    async Task<(int Lines, long Bytes, long Growth)> Measure(string clinic, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/clinics/{clinic}/patients/p/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        using var response = await service.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var (lines, bytes, least) = (0, 0L, long.MaxValue);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (lines == 0 && accept.Contains("json"))
                JsonDocument.Parse(line).RootElement.GetProperty("eventId").GetString().ShouldBe("evt-00000");
            lines++;
            bytes += line.Length + 1;
            if (lines % 2000 == 0) least = Math.Min(least, GC.GetTotalMemory(forceFullCollection: true));
        }
        output.WriteLine($"{accept}: {lines} lines, {bytes} bytes in {clock.ElapsedMilliseconds} ms, live memory +{least - baseline} bytes");
        return (lines, bytes, least - baseline);
    }

    /// <summary>Detection works in log order: once a later severe withdrawal has its alert, the history is processed.</summary>
    async Task SettleDetection(string clinic)
    {
        var sentinel = Api.Event("p", "WithdrawalSymptomsReported", new { symptoms = new[] { "other" }, severity = "severe" },
            new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        (await service.Client.PostEvent(clinic, sentinel)).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        while ((await service.Client.ForPatient(clinic, "p")).Length == 0)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(2), "detection did not catch up");
            await Task.Delay(200);
        }
        output.WriteLine($"detection caught up {clock.ElapsedMilliseconds} ms after the last batch");
    }
}
