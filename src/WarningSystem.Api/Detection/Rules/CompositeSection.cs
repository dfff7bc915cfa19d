using System.Text.Json;
using System.Text.Json.Nodes;
using WarningSystem.Protocols;
using CompositeSettings = WarningSystem.Detection.ElevatedMisuseRisk.CompositeSettings;

namespace WarningSystem.Detection;

/// <summary>
/// The composite's settings as the API has always spelt them: one flat object with a "{rule}Weight" per weighed
/// rule beside the window, threshold and risk-factor weight. The weights are derived from the rule set.
/// </summary>
public sealed class CompositeSection(string name, CompositeSettings defaults, IReadOnlyList<Rule> weighed)
    : ProtocolSection<CompositeSettings>(name, defaults)
{
    static string WeightKey(string ruleId) => NameFor(ruleId) + "Weight";

    public override JsonNode Write(object value)
    {
        var s = (CompositeSettings)value;
        var json = new JsonObject { ["windowDays"] = s.WindowDays, ["threshold"] = s.Threshold };
        foreach (var rule in weighed) json[WeightKey(rule.Id)] = s.WeightOf(rule.Id);
        json["riskFactorWeight"] = s.RiskFactorWeight;
        return json;
    }

    public override object Read(JsonElement? stored, bool strict)
    {
        if (stored is not { ValueKind: JsonValueKind.Object } json)
            return stored is null ? Defaults : throw new JsonException("must be an object", "$", null, null);
        var s = Defaults;
        var weights = new Dictionary<string, int>(Defaults.Weights);
        foreach (var property in json.EnumerateObject())
        {
            var rule = weighed.FirstOrDefault(r => WeightKey(r.Id) == property.Name);
            if (property.Name is "windowDays") s = s with { WindowDays = Whole(property) };
            else if (property.Name is "threshold") s = s with { Threshold = Whole(property) };
            else if (property.Name is "riskFactorWeight") s = s with { RiskFactorWeight = Whole(property) };
            else if (rule is not null) weights[rule.Id] = Whole(property);
            else if (strict) throw new JsonException("not a known setting", $"$.{property.Name}", null, null);
        }
        return s with { Weights = weights };
    }

    public override IEnumerable<(string Field, string Error)> Check(object value)
    {
        var s = (CompositeSettings)value;
        var numbers = new[] { ("windowDays", s.WindowDays), ("threshold", s.Threshold), ("riskFactorWeight", s.RiskFactorWeight) }
            .Concat(weighed.Select(r => (WeightKey(r.Id), s.WeightOf(r.Id))));
        return numbers.Where(n => n.Item2 <= 0).Select(n => ($"settings.{Name}.{n.Item1}", "must be greater than 0"));
    }

    static int Whole(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var n)
            ? n : throw new JsonException("must be a whole number", $"$.{property.Name}", null, null);
}
