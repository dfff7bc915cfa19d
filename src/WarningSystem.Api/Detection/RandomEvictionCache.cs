using System.Diagnostics.CodeAnalysis;

namespace WarningSystem.Detection;

/// <summary>
/// A bounded cache that makes room by evicting entries at random, and once full admits a new key only one time in
/// <see cref="AdmitOneIn"/>. Detection meets its patients in log order, which for a clinic with more active patients
/// than the room cycles through them: a least-recently-used cache (<c>MemoryCache</c>'s compaction) then always
/// evicts the patient needed next and never hits, and a cache that admits every miss churns through the room before
/// a patient comes round again. Admitting rarely keeps most of what is held, so about the room's share of the
/// patients hit, while the held set still turns over as the active patients change. A held key is always updated.
/// The size of an entry is the caller's unit (timeline entries, patients); one larger than the whole room is not kept.
/// </summary>
public sealed class RandomEvictionCache<TKey, TValue>(long room, int seed = 0) where TKey : notnull
{
    readonly Dictionary<TKey, (TValue Value, long Size, int Slot)> entries = new();
    readonly List<TKey> slots = new(); // the keys, for picking one at random
    readonly Random random = new(seed);
    readonly Lock gate = new();

    public const int AdmitOneIn = 10;

    long used;

    public long Used { get { lock (gate) return used; } }

    public int Count { get { lock (gate) return entries.Count; } }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (gate)
        {
            var found = entries.TryGetValue(key, out var entry);
            value = entry.Value;
            return found;
        }
    }

    public void Set(TKey key, TValue value, long size)
    {
        lock (gate) Put(key, value, size);
    }

    /// <summary>The held value, or a new one from <paramref name="create"/> kept at <paramref name="size"/>.</summary>
    public TValue GetOrAdd(TKey key, Func<TValue> create, long size = 1)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var entry)) return entry.Value;
            var value = create();
            Put(key, value, size);
            return value;
        }
    }

    void Put(TKey key, TValue value, long size)
    {
        var held = Remove(key);
        if (size > room || (!held && used + size > room && random.Next(AdmitOneIn) != 0)) return;
        while (used + size > room) Remove(slots[random.Next(slots.Count)]);
        entries[key] = (value, size, slots.Count);
        slots.Add(key);
        used += size;
    }

    bool Remove(TKey key)
    {
        if (!entries.Remove(key, out var entry)) return false;
        // The last key takes the removed one's slot, so removal stays constant time.
        var last = slots[^1];
        slots[entry.Slot] = last;
        slots.RemoveAt(slots.Count - 1);
        if (!EqualityComparer<TKey>.Default.Equals(last, key)) entries[last] = entries[last] with { Slot = entry.Slot };
        used -= entry.Size;
        return true;
    }
}
