using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WarningSystem.Ingest;

/// <summary>A validated event waiting for its commit.</summary>
/// <param name="Id">Marten event id, derived from clinic and source event id, so a retry maps to the same row.</param>
/// <param name="ContentHash">Tells a retry (same content) from a reused eventId (different content).</param>
public sealed record PendingEvent(
    string ClinicId, string PatientId, string SourceEventId, Guid Id, object Data,
    DateTimeOffset OccurredAt, string RecordedBy, string ContentHash)
{
    /// <summary>The W3C traceparent of the request that posted it, kept with the event so detection continues the trace.</summary>
    public string? TraceParent { get; init; }

    public static PendingEvent Create(
        string clinicId, string patientId, string sourceEventId, object data, DateTimeOffset occurredAt, string recordedBy)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            patientId, type = EventCatalog.NameOf(data.GetType()), occurredAt = occurredAt.ToUniversalTime(), recordedBy,
            data = JsonSerializer.SerializeToElement(data, data.GetType(), JsonSetup.Options),
        }, JsonSetup.Options);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return new(clinicId, patientId, sourceEventId, EventIdentity.For(clinicId, sourceEventId), data,
            occurredAt, recordedBy, hash);
    }
}

/// <summary>Name-based (RFC 9562 version 5 style) ids: the same clinic and source event id always give the same Guid.</summary>
public static class EventIdentity
{
    static readonly byte[] Namespace = Guid.Parse("5b1f4d0e-8a43-4c1e-9d61-3f0b8f6f2a11").ToByteArray(bigEndian: true);

    public static Guid For(string clinicId, string sourceEventId)
    {
        var name = Encoding.UTF8.GetBytes($"{clinicId}\u001f{sourceEventId}");
        var hash = SHA1.HashData([.. Namespace, .. name]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
