using WarningSystem.Protocols;
using System.Reflection;


namespace WarningSystem.Detection;

/// <summary>
/// The rules in force: the behavioural rules and the composite built from them. Everything that lists rules (the
/// catalogue, the protocol's sections, the composite's weights, the detector's look-back) reads this one list.
/// </summary>
public sealed class RuleSet : IProtocolSections
{
    /// <summary>Raise behavioural alerts one level when the latest risk screening documents a risk factor.</summary>
    public static readonly ProtocolSection<bool> RiskModulation = new("riskModulation", true);

    /// <summary>Every rule declared in this assembly: a public static readonly field of type Rule.</summary>
    public static readonly IReadOnlyList<Rule> BuiltIn = typeof(RuleSet).Assembly.GetTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsInitOnly && f.FieldType.IsAssignableTo(typeof(Rule)))
        .Select(f => (Rule)f.GetValue(null)!)
        .ToList();

    public static readonly RuleSet Default = new(BuiltIn);

    public RuleSet(IEnumerable<Rule> behavioural)
    {
        Behavioural = behavioural.DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Composite = new ElevatedMisuseRisk(Behavioural);
        All = Behavioural.Append(Composite).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every rule, ordered by id.</summary>
    public IReadOnlyList<Rule> All { get; }

    /// <summary>All rules but the composite, which is built from them.</summary>
    public IReadOnlyList<Rule> Behavioural { get; }

    public ElevatedMisuseRisk Composite { get; }

    public Rule ById(string id) =>
        All.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"No detection rule with id '{id}'.");

    public bool Has(string id) => All.Any(r => r.Id == id);

    /// <summary>The longest look-back of any rule: how far after an event its influence on a finding can reach.</summary>
    public int MaxWindowDays(Protocol protocol) => All.Max(r => r.WindowDays(protocol));

    public IEnumerable<ProtocolSection> Sections => All.Select(r => r.Settings).Append(RiskModulation);
}
