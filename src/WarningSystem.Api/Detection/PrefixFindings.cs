using WarningSystem.Ingest;
using WarningSystem.Protocols;

namespace WarningSystem.Detection;

/// <summary>
/// Each rule's finding at each point of one known timeline, evaluated once. The detector and the composite ask for
/// the same points again and again: the composite weighs every rule at every event in its window, at every new
/// event. With a patient's <see cref="FindingMemo"/>, points already judged for an earlier event of that patient
/// are not judged again.
/// </summary>
public sealed class PrefixFindings
{
    readonly PatientTimeline known;
    readonly Protocol protocol;
    readonly FindingMemo memo;
    // The highest sequence among the entries up to each index: with the anchor and the count, it names the history
    // ending there exactly (see FindingMemo.Key).
    readonly long[] highest;
    (int Index, PatientTimeline History)? last;

    public PrefixFindings(PatientTimeline known, Protocol protocol, FindingMemo? memo = null)
    {
        (this.known, this.protocol, this.memo) = (known, protocol, (memo ?? new FindingMemo()).Under(protocol));
        highest = new long[known.Entries.Count];
        for (var i = 0; i < highest.Length; i++) highest[i] = Math.Max(known.Entries[i].Sequence, i == 0 ? 0 : highest[i - 1]);
    }

    /// <summary>The rule's finding on the history ending at the entry with this index.</summary>
    public Finding? At(Rule rule, int index) =>
        memo.GetOrAdd(new(rule.Id, known.Entries[index].EventId, index + 1, highest[index]), () => Judge(rule, index));

    /// <summary>A rule that throws is named in a <see cref="RuleFailedException"/>, which carries no data of the patient.</summary>
    Finding? Judge(Rule rule, int index)
    {
        try
        {
            return rule is ElevatedMisuseRisk composite
                ? composite.Evaluate(HistoryTo(index), protocol, At)
                : rule.Evaluate(HistoryTo(index), protocol);
        }
        catch (Exception e) when (e is not RuleFailedException)
        {
            throw RuleFailedException.For(rule.Id, e);
        }
    }

    PatientTimeline HistoryTo(int index)
    {
        if (last is not { } l || l.Index != index) last = (index, known.UpTo(index));
        return last.Value.History;
    }
}

/// <summary>
/// One patient's findings by the history they were judged on, kept between that patient's events under one
/// protocol. Only what the latest evaluation asked for is kept, so it holds about one window of points per rule.
/// </summary>
public sealed class FindingMemo
{
    /// <summary>
    /// A history ending at an anchor, named by the anchor, how many entries it holds and the highest sequence among
    /// them. Two histories ending at the same anchor differ only by events recorded later (which raise the highest
    /// sequence) or by voids (which lower the count without adding), so the name is exact.
    /// </summary>
    public readonly record struct Key(string RuleId, string AnchorEventId, int Count, long HighestSequence);

    Dictionary<Key, Finding?> kept = new();
    Dictionary<Key, Finding?> asked = new();
    Protocol? protocol;

    /// <summary>The memo for judging under this protocol: what was kept under another is of no use.</summary>
    public FindingMemo Under(Protocol next)
    {
        if (protocol is not null && protocol.Stored.GetRawText() != next.Stored.GetRawText()) kept.Clear();
        protocol = next;
        return this;
    }

    public Finding? GetOrAdd(Key key, Func<Finding?> judge)
    {
        if (asked.TryGetValue(key, out var finding)) return finding;
        if (!kept.TryGetValue(key, out finding)) finding = judge();
        asked[key] = finding;
        return finding;
    }

    /// <summary>Ends one event's evaluation: what it did not ask for is let go.</summary>
    public void Settle() => (kept, asked) = (asked, new());
}
