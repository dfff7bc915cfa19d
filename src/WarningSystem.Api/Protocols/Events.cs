namespace WarningSystem.Protocols;

/// <summary>A clinic's protocol was changed; carries the complete settings now in force.</summary>
public record ProtocolChanged(Protocol Settings, string ChangedBy);
