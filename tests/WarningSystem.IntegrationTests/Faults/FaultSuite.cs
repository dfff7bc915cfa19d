namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// The fault scenarios run one after another (beside the rest of the suite): a scenario that stops its cluster frees
/// that cluster's port, and another scenario's cluster starting at that moment could take it, leaving two scenarios
/// on one server.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultSuite
{
    public const string Name = "fault suite";
}
