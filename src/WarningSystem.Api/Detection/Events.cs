namespace WarningSystem.Detection;

/// <summary>A clinic's detection protocol was changed; carries the complete settings now in force.</summary>
public record ProtocolChanged(Protocol Settings, string ChangedBy);
