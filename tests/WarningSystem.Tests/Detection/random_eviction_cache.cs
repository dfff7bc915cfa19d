using WarningSystem.Detection;

namespace WarningSystem.Tests.Detection;

/// <summary>
/// Detection's caches stay within their room, count sizes right when an entry is replaced, and keep hitting when
/// patients are met in a cycle larger than the room, which a least-recently-used cache never does.
/// </summary>
public class random_eviction_cache
{
    [Fact]
    public void stays_within_its_room_and_counts_a_replaced_entry_once()
    {
        var cache = new RandomEvictionCache<int, string>(room: 100);
        for (var key = 0; key < 1_000; key++)
        {
            cache.Set(key, $"v{key}", size: 1 + key % 7);
            cache.Used.ShouldBeLessThanOrEqualTo(100);
        }
        cache.TryGet(5_000, out _).ShouldBeFalse();
        cache.Set(5_000, "small", 3);
        while (!cache.TryGet(5_000, out _)) cache.Set(5_000, "small", 3); // admitted one time in ten once full
        cache.Set(5_000, "larger", 9);
        cache.TryGet(5_000, out var held).ShouldBeTrue();
        held.ShouldBe("larger");
        cache.Used.ShouldBeLessThanOrEqualTo(100);
    }

    [Fact]
    public void an_entry_larger_than_the_room_is_not_kept_and_drops_its_older_value()
    {
        var cache = new RandomEvictionCache<string, int>(room: 10);
        cache.Set("p", 1, 4);
        cache.Set("p", 2, 11);
        cache.TryGet("p", out _).ShouldBeFalse();
        cache.Used.ShouldBe(0);
    }

    [Fact]
    public void get_or_add_creates_once()
    {
        var cache = new RandomEvictionCache<string, object>(room: 10);
        var created = 0;
        var first = cache.GetOrAdd("p", () => { created++; return new object(); });
        cache.GetOrAdd("p", () => { created++; return new object(); }).ShouldBeSameAs(first);
        created.ShouldBe(1);
    }

    [Fact]
    public void a_cycle_twice_the_room_still_hits_nearly_half_the_time()
    {
        var cache = new RandomEvictionCache<int, int>(room: 1_000, seed: 7);
        var (hits, lookups) = (0, 0);
        for (var round = 0; round < 20; round++)
            for (var patient = 0; patient < 2_000; patient++)
            {
                lookups++;
                if (cache.TryGet(patient, out _)) hits++;
                else cache.Set(patient, patient, 1);
            }

        cache.Count.ShouldBe(1_000);
        ((double)hits / lookups).ShouldBeInRange(0.35, 0.5);
    }
}
