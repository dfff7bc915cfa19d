using System.Text.Json;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Ingest;

public class PendingEventTests
{
    static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void the_same_clinic_and_source_id_always_give_the_same_event_id()
    {
        EventIdentity.For("c1", "e1").ShouldBe(EventIdentity.For("c1", "e1"));
        EventIdentity.For("c1", "e1").ShouldNotBe(EventIdentity.For("c2", "e1"));
        EventIdentity.For("c1", "e1").ShouldNotBe(EventIdentity.For("c1", "e2"));
    }

    [Fact]
    public void the_content_hash_changes_with_any_field_and_ignores_the_offset_notation()
    {
        var original = PendingEvent.Create("c1", "p1", "e1", new CravingReported(5), At, "nurse");

        PendingEvent.Create("c1", "p1", "e1", new CravingReported(5), At.ToOffset(TimeSpan.FromHours(2)), "nurse")
            .ContentHash.ShouldBe(original.ContentHash);
        PendingEvent.Create("c1", "p1", "e1", new CravingReported(6), At, "nurse").ContentHash.ShouldNotBe(original.ContentHash);
        PendingEvent.Create("c1", "p2", "e1", new CravingReported(5), At, "nurse").ContentHash.ShouldNotBe(original.ContentHash);
        PendingEvent.Create("c1", "p1", "e1", new CravingReported(5), At.AddSeconds(1), "nurse").ContentHash.ShouldNotBe(original.ContentHash);
    }

    [Fact]
    public void a_miss_the_ehr_reports_is_stored_and_hashed_without_the_system_detected_flag()
    {
        // Retries of misses posted before the flag existed must hash as they did then, or they would answer 409.
        JsonSerializer.SerializeToElement(new MissedFollowUp("a-1", At), JsonSetup.Options)
            .TryGetProperty("systemDetected", out _).ShouldBeFalse();
        JsonSerializer.SerializeToElement(new MissedFollowUp("a-1", At, SystemDetected: true), JsonSetup.Options)
            .GetProperty("systemDetected").GetBoolean().ShouldBeTrue();
    }
}
