using WarningSystem.Detection;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Detection;

/// <summary>
/// The detector keeps what a patient's rules found at each point between that patient's events. That must change
/// nothing it finds, whatever order events arrive in and whatever is voided, only how much it judges again.
/// </summary>
public class remembering_findings
{
    static readonly object[] Kinds =
    [
        Make.Plan(maxPerWeek: 1), Make.Ketamine(0.5m), Make.Ketamine(0.8m), Make.Session(), Make.Request(),
        Make.Request(OffScheduleKind.TakeHome), Make.Craving(8), Make.Craving(3, during: true), Make.Missed(),
        Make.Withdrawal(SymptomSeverity.Moderate), Make.Screening(substanceUse: true), Make.Increase(mgPerKg: 0.7m),
    ];

    /// <summary>A patient's events in arrival order: mostly in time order, some late by days, a few voids.</summary>
    static List<TimelineEntry> History(int seed, int count)
    {
        var random = new Random(seed);
        var entries = new List<TimelineEntry>();
        for (var sequence = 1; sequence <= count; sequence++)
        {
            var day = sequence * 0.3 - (random.Next(6) == 0 ? random.Next(1, 12) : 0);
            object data = sequence > 5 && random.Next(15) == 0
                ? new EventVoided(entries[random.Next(entries.Count)].EventId, "entered in error")
                : Kinds[random.Next(Kinds.Length)];
            entries.Add(new TimelineEntry($"e{sequence}", sequence, TimelineBuilder.Day(day), data));
        }
        return entries;
    }

    static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings.Select(f =>
        $"{f.RuleId} {f.Severity} @{f.Anchor.EventId} [{string.Join(",", f.EvidenceIds())}] {f.Explanation}"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void finds_exactly_what_judging_every_point_afresh_finds(int seed)
    {
        var entries = History(seed, 120);
        var timeline = PatientTimeline.From(entries);
        var memo = new FindingMemo();
        var stricter = Protocol.Default.With(FrequencyAbovePlan.Rule.Section, new FrequencyAbovePlan.Settings(WindowDays: 14));
        var found = 0;
        foreach (var e in entries)
        {
            // The protocol changes part-way, as a clinic's may: what was remembered under the old one is not used.
            var protocol = e.Sequence > 80 ? stricter : Protocol.Default;
            var known = timeline.KnownAt(e.Sequence);
            var remembered = Detector.Detect(RuleSet.Default, known, e.EventId, protocol, memo);
            var afresh = Detector.Detect(RuleSet.Default, known, e.EventId, protocol);
            Describe(remembered).ShouldBe(Describe(afresh), $"at {e.EventId}");
            found += afresh.Count;
        }
        found.ShouldBeGreaterThan(10, "the history should give the rules something to find");
    }

    [Fact]
    public void judges_only_the_new_point_for_an_event_that_arrives_in_order()
    {
        var counting = new CountingRule();
        var rules = new RuleSet(RuleSet.BuiltIn.Append(counting));
        var entries = Enumerable.Range(1, 60)
            .Select(i => new TimelineEntry($"e{i}", i, TimelineBuilder.Day(i * 0.4), Make.Craving(8))).ToList();
        var timeline = PatientTimeline.From(entries);
        var memo = new FindingMemo();
        foreach (var e in entries.SkipLast(1)) Detector.Detect(rules, timeline.KnownAt(e.Sequence), e.EventId, Protocol.Default, memo);

        counting.Judged = 0;
        Detector.Detect(rules, timeline, "e60", Protocol.Default, memo);
        counting.Judged.ShouldBe(1);

        counting.Judged = 0;
        Detector.Detect(rules, timeline, "e60", Protocol.Default);
        counting.Judged.ShouldBeGreaterThan(30, "without the memo the composite judges every point in its window");
    }

    /// <summary>A weighed rule that never fires and counts how often it is judged.</summary>
    sealed class CountingRule() : Rule("counting", 1, Severity.Medium, "Counts its evaluations.")
    {
        public int Judged;
        readonly ProtocolSection<int> section = new("counting", 0);
        public override int Weight => 1;
        public override ProtocolSection Settings => section;
        public override int WindowDays(Protocol protocol) => 0;
        public override Finding? Evaluate(PatientTimeline history, Protocol protocol)
        {
            Judged++;
            return null;
        }
    }
}
