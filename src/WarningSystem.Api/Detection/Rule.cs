using WarningSystem.Ingest;
using WarningSystem.Protocols;


namespace WarningSystem.Detection;

/// <summary>
/// A detection rule, declared whole in one file: its id and version, default severity, description, settings
/// (a protocol section with defaults and bounds), how far back it looks, its weight in the composite, and the pure
/// function that judges a history ending at the event it is evaluated at.
/// </summary>
public abstract class Rule(string id, int version, Severity defaultSeverity, string description, string clears = "")
{
    public string Id => id;
    public int Version => version;
    public Severity DefaultSeverity => defaultSeverity;
    public string Description => description;

    /// <summary>What the patient's record needs for the rule to stop matching, in the words of its settings.</summary>
    public string Clears => clears;

    /// <summary>What the composite score adds when this rule fired in its window; 0: not weighed.</summary>
    public virtual int Weight => 0;

    public abstract ProtocolSection Settings { get; }

    /// <summary>How many days before the event it is evaluated at the rule reads (0: that event and what is in force).</summary>
    public abstract int WindowDays(Protocol protocol);

    public abstract Finding? Evaluate(PatientTimeline history, Protocol protocol);

    public override string ToString() => Id;
}

/// <summary>A behavioural rule: a pure function of the patient's history and its own settings.</summary>
public sealed class Rule<TSettings>(
    string id, int version, Severity defaultSeverity, int weight, string description, TSettings defaults,
    Func<TSettings, int> windowDays, Func<PatientTimeline, TSettings, Finding?> evaluate, string clears = "")
    : Rule(id, version, defaultSeverity, description, clears) where TSettings : notnull
{
    public ProtocolSection<TSettings> Section { get; } = new(ProtocolSection.NameFor(id), defaults);

    public override ProtocolSection Settings => Section;

    public override int Weight => weight;

    public override int WindowDays(Protocol protocol) => windowDays(protocol.Get(Section));

    public override Finding? Evaluate(PatientTimeline history, Protocol protocol) => evaluate(history, protocol.Get(Section));
}
