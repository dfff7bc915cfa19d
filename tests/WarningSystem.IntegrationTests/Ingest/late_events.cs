namespace WarningSystem.IntegrationTests.Ingest;

[Collection(ServiceCollection.Name)]
public class late_events(ServiceFixture service)
{
    [Fact]
    public async Task are_stored_in_arrival_order_with_their_own_event_time()
    {
        var clinic = Api.NewClinic();
        var monday = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
        var thursday = monday.AddDays(3);

        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 5 }, thursday));
        await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 3 }, monday));

        var events = (await service.Client.PatientEvents(clinic, "p")).EnumerateArray().ToArray();
        events.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([1, 2]);
        events.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ShouldBe([thursday, monday]);
        events[1].GetProperty("sequence").GetInt64().ShouldBeGreaterThan(events[0].GetProperty("sequence").GetInt64());
    }
}
