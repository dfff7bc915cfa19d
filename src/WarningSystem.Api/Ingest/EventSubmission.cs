using System.Text.Json;

namespace WarningSystem.Ingest;

/// <summary>
/// The shape of a posted event, for the API document only: the endpoints read the JSON themselves, so that every bad
/// field is named (<see cref="IncomingEvent"/>). <paramref name="Type"/> is one of the event types, and
/// <paramref name="Data"/> that type's fields.
/// </summary>
public sealed record EventSubmission(
    string EventId, string PatientId, string Type, DateTimeOffset OccurredAt, string RecordedBy, JsonElement Data);

/// <summary>A batch of up to 1000 events, for the API document.</summary>
public sealed record BatchSubmission(IReadOnlyList<EventSubmission> Events);
