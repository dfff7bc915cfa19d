using WarningSystem.Audit;

namespace WarningSystem.Tests.Audit;

public class sealing_a_batch
{
    static EventRow Row(long sequence) => new(sequence, Guid.NewGuid(), "north", "p", sequence, "craving_reported",
        DateTimeOffset.Parse("2026-11-01T10:00:00Z"), null, null, null, "{\"intensity\": 2}");

    [Fact]
    public void each_seal_links_to_the_one_before_and_the_first_to_the_hash_before_the_batch()
    {
        var rows = new[] { Row(7), Row(9), Row(10) };
        var before = HashChain.Link(HashChain.Genesis, Row(6));
        var hashes = new List<string>();
        foreach (var row in rows) hashes.Add(HashChain.Link(hashes.LastOrDefault() ?? before, row));

        var seals = new SealBatch { Id = 10, PreviousHash = before, Sequences = [7, 9, 10], Hashes = [.. hashes] }.Seals().ToList();

        seals.Select(s => s.Sequence).ShouldBe([7, 9, 10]);
        seals[0].PreviousHash.ShouldBe(before);
        seals[1].PreviousHash.ShouldBe(seals[0].Hash);
        seals[2].PreviousHash.ShouldBe(seals[1].Hash);
        seals.ShouldAllBe(s => HashChain.Link(s.PreviousHash, rows.Single(r => r.Sequence == s.Sequence)) == s.Hash);
    }

    [Fact]
    public void a_changed_row_no_longer_matches_its_seal()
    {
        var row = Row(1);
        var seal = HashChain.Link(HashChain.Genesis, row);
        HashChain.Link(HashChain.Genesis, row with { Data = "{\"intensity\": 9}" }).ShouldNotBe(seal);
        HashChain.Link(HashChain.Genesis, row with { }).ShouldBe(seal);
    }
}
