using System.Text.Json.Serialization;

namespace WarningSystem.Alerts;

public enum RebuildStatus
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>
/// A rebuild of one clinic's alert read model from its alert streams, and how far it has got. Stored, so every node
/// answers its progress and a rebuild interrupted by a crash is visibly still running until its message runs again.
/// </summary>
public sealed record AlertRebuild
{
    [JsonPropertyName("rebuildId")] public string Id { get; init; } = "";
    /// <summary>The read model being rebuilt: the projection's name, as the <c>projections</c> command calls it.</summary>
    public string Projection { get; init; } = nameof(Alert);
    public RebuildStatus Status { get; init; }
    /// <summary>Alert streams to rebuild; known once the rebuild has listed them.</summary>
    public int? Streams { get; init; }
    public int Rebuilt { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Why a failed rebuild stopped: the error's type only, never data.</summary>
    public string? Error { get; init; }
}

/// <summary>Rebuild the alert read model of <paramref name="ClinicId"/>, reporting to rebuild <paramref name="RebuildId"/>.</summary>
public sealed record RebuildAlerts(string ClinicId, string RebuildId);
