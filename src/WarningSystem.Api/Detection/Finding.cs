using WarningSystem.Ingest;
using System.Text.Json.Serialization;

namespace WarningSystem.Detection;

public enum Severity
{
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("high")] High,
    [JsonStringEnumMemberName("critical")] Critical,
}

/// <summary>
/// A rule fired. <paramref name="Anchor"/> is the event at which the pattern became true in event time; the
/// <paramref name="Evidence"/> is every event that made it fire (the anchor among them), oldest first.
/// </summary>
public sealed record Finding(
    string RuleId, Severity Severity, TimelineEntry Anchor, IReadOnlyList<TimelineEntry> Evidence,
    string Summary, string Explanation);
