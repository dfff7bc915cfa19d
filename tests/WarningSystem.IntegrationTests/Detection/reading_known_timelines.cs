using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.IntegrationTests.Detection;

/// <summary>
/// Detection keeps the timelines it has read and adds each page's events to them. Whatever order pages come in
/// (the next versions, versions skipped, a rewind to replay), the timeline it answers must be the stored stream's.
/// </summary>
[Collection(ServiceCollection.Name)]
public class reading_known_timelines(ServiceFixture service)
{
    /// <summary>The default room, and a room too small to hold any patient, so every page reads from the store.</summary>
    [Theory]
    [InlineData(KnownTimelines.DefaultEntries)]
    [InlineData(1)]
    public async Task pages_in_any_order_give_the_stored_timeline(int room)
    {
        var clinic = Api.NewClinic();
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        // Event times out of arrival order, so adding to a held timeline must also sort.
        foreach (var day in new[] { 1, 5, 2, 7, 3, 9, 4, 8 })
            (await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = day }, start.AddDays(day))))
                .EnsureSuccessStatusCode();
        var stream = await Stream(clinic);
        stream.Count.ShouldBe(8);

        var known = new KnownTimelines(room);
        await ShouldReadAsStored(known, clinic, stream, [1, 2]);    // not held: the whole stream
        await ShouldReadAsStored(known, clinic, stream, [3]);       // the next version: nothing read
        await ShouldReadAsStored(known, clinic, stream, [5, 6]);    // a version skipped: the rest read
        await ShouldReadAsStored(known, clinic, stream, [2, 3]);    // rewound: the whole stream again
        await ShouldReadAsStored(known, clinic, stream, [4, 6, 8]); // ahead, with gaps
    }

    async Task ShouldReadAsStored(KnownTimelines known, string clinic, IReadOnlyList<IEvent> stream, long[] versions)
    {
        var page = stream.Where(e => versions.Contains(e.Version)).ToList();
        var timeline = (await known.ReadAsync(service.Services.GetRequiredService<IDocumentStore>(), clinic, [page], default))[0];

        var expected = PatientTimeline.Of(stream.Where(e => e.Version <= versions.Max()));
        timeline.Entries.Select(Fields).ShouldBe(expected.Entries.Select(Fields), $"after versions {string.Join(",", versions)}");
        timeline.Entries.Select(e => e.OccurredAt).ShouldBeInOrder();
    }

    /// <summary>Several patients not held, read in one statement: each gets its own stream, whole, and nothing else.</summary>
    [Fact]
    public async Task a_page_of_several_patients_gives_each_its_own_stored_timeline()
    {
        var clinic = Api.NewClinic();
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        string[] patients = ["p", "q", "r"];
        for (var day = 1; day <= 4; day++)
            foreach (var patient in patients)
                (await service.Client.PostEvent(clinic, Api.Event(patient, "CravingReported", new { intensity = day }, start.AddDays(day))))
                    .EnsureSuccessStatusCode();
        var streams = new List<IReadOnlyList<IEvent>>();
        foreach (var patient in patients) streams.Add(await Stream(clinic, patient));

        var timelines = await new KnownTimelines().ReadAsync(service.Services.GetRequiredService<IDocumentStore>(), clinic,
            streams.Select(s => (IReadOnlyList<IEvent>)s.Where(e => e.Version >= 3).ToList()).ToList(), default);

        for (var i = 0; i < patients.Length; i++)
        {
            timelines[i].PatientId.ShouldBe(patients[i]);
            timelines[i].Entries.Select(Fields).ShouldBe(PatientTimeline.Of(streams[i]).Entries.Select(Fields));
            // Both readings keep the event time as posted, to the fraction of a second.
            timelines[i].Entries.Select(e => e.OccurredAt).ShouldBe(Enumerable.Range(1, 4).Select(day => start.AddDays(day)));
        }
    }

    static (string, long, DateTimeOffset, object) Fields(TimelineEntry e) => (e.EventId, e.Sequence, e.OccurredAt, e.Data);

    async Task<IReadOnlyList<IEvent>> Stream(string clinic, string patient = "p")
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession(clinic);
        return await session.Events.FetchStreamAsync(patient);
    }
}
