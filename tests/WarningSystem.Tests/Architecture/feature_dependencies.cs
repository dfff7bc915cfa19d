using NetArchTest.Rules;

namespace WarningSystem.Tests.Architecture;

/// <summary>
/// Features depend one way: Ingest ← Protocols ← Detection ← Alerts ← Delivery, with Security and FollowUps beside
/// them, Audit reading them (and used by none), and all of them on Shared, which knows no feature. Read from the
/// compiled code, so a using that is never used does not count and a reference hidden in a lambda does.
/// </summary>
public class feature_dependencies
{
    const string Root = "WarningSystem.";

    /// <summary>Each feature namespace, and the features it may use besides Shared.</summary>
    public static readonly TheoryData<string, string[]> Allowed = new()
    {
        { "Shared", [] },
        { "Security", [] },
        { "Ingest", [] },
        { "Protocols", ["Ingest"] },
        { "Detection", ["Ingest", "Protocols"] },
        { "FollowUps", ["Ingest", "Protocols"] },
        { "Alerts", ["Ingest", "Protocols", "Detection"] },
        { "Alerts.Delivery", ["Ingest", "Protocols", "Detection", "Alerts"] },
        { "Audit", ["Ingest", "Protocols", "Detection", "FollowUps", "Alerts"] },
        // The web console's code serves its pages and describes a credential; the pages use the API like any client.
        { "WebConsole", [] },
        { "Fhir", ["Ingest", "Protocols", "Detection", "Alerts", "Alerts.Delivery", "Security"] },
    };

    static readonly string[] Features = ["Security", "Ingest", "Protocols", "Detection", "FollowUps", "Alerts", "Alerts.Delivery", "Audit", "WebConsole", "Fhir"];

    [Theory]
    [MemberData(nameof(Allowed))]
    public void a_feature_uses_only_what_is_to_its_left(string feature, string[] allowed)
    {
        // A namespace also matches its children (Alerts matches Alerts.Delivery): a child is judged on its own row.
        var forbidden = Features.Where(f => f != feature && !allowed.Contains(f) && !IsChildOf(feature, f))
            .Select(f => Root + f).ToArray();

        var result = Types.InAssembly(typeof(Problems).Assembly)
            .That().ResideInNamespaceMatching($"^{System.Text.RegularExpressions.Regex.Escape(Root + feature)}$")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty($"{feature} reaches a feature it may not use");
    }

    [Fact]
    public void every_feature_namespace_is_judged()
    {
        var namespaces = typeof(Problems).Assembly.GetTypes().Select(t => t.Namespace)
            .Where(n => n?.StartsWith(Root) == true).Select(n => n![Root.Length..]).Distinct();

        namespaces.ShouldBeSubsetOf(Allowed.Select(row => row.Data.Item1));
    }

    /// <summary>Alerts may not use Alerts.Delivery, but Alerts.Delivery is judged as part of Alerts when it uses Alerts.</summary>
    static bool IsChildOf(string feature, string other) => feature.StartsWith(other + ".");
}
