using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>One operation of the API document: its route, method, parameters, body schema and documented answers.</summary>
public sealed record ApiOperation(string Route, string Method, IReadOnlyList<JsonElement> Parameters, JsonElement? Body,
    JsonNode? Example, IReadOnlyDictionary<string, IReadOnlySet<string>> Responses)
{
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>
/// One generated request. <see cref="Violation"/> is null for a request that conforms to the document, else it names
/// the one rule of the document the request breaks (a negative case, which the service must refuse with a 4xx).
/// </summary>
public sealed record SchemaCase(ApiOperation Operation, string Path, string? Body, string? Violation);

/// <summary>
/// Test data drawn from the service's own OpenAPI document, as schemathesis draws it: for every operation, requests
/// whose path, query and body conform to their schemas, and negative requests that break exactly one rule of them
/// (a wrong type, a missing required field, a null where none is allowed, a value outside its format, a string
/// outside its pattern). Seeded, so a failing case can be replayed.
/// </summary>
public sealed class SchemaCases(JsonElement document, int seed)
{
    readonly Random random = new(seed);

    static readonly string[] Words =
        ["a", "north", "pt-1", "DoseGiven", "CravingReported", "open", "high", "ketamine", "0", "-1", "true", "null", "ä漢字", "💊",
         "x y", "'", "\"", "<b>", "%", "2026-01-01T00:00:00Z", "addressed-with-patient", "patient-view", "Bundle", "transaction"];

    public static IReadOnlyList<ApiOperation> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(o => new ApiOperation(path.Name, o.Name.ToUpperInvariant(),
                o.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().ToList() : [],
                o.Value.TryGetProperty("requestBody", out var body) ? body.GetProperty("content").GetProperty("application/json").GetProperty("schema") : null,
                body.ValueKind == JsonValueKind.Object && body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out var example)
                    ? JsonNode.Parse(example.GetRawText()) : null,
                o.Value.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => (IReadOnlySet<string>)(
                    r.Value.TryGetProperty("content", out var content) ? content.EnumerateObject().Select(c => c.Name).ToHashSet() : []))))).ToList();

    /// <summary>A request for the operation; negative ones break one rule, when the operation has a rule to break.</summary>
    public SchemaCase Case(ApiOperation operation, string clinicId, bool negative)
    {
        var parameters = operation.Parameters.Select(p => (
            Name: p.GetProperty("name").GetString()!, In: p.GetProperty("in").GetString()!,
            Required: p.TryGetProperty("required", out var r) && r.GetBoolean(), Schema: Resolve(p.GetProperty("schema")))).ToList();
        var values = new Dictionary<string, string?>();
        foreach (var p in parameters)
            values[p.Name] = p.In == "path" || p.Required || random.Next(2) == 0
                ? p.Name == "clinicId" && random.Next(6) != 0 ? clinicId : Text(Value(p.Schema, 0), p.In == "path")
                : null;
        // The document's example, when it has one, half the time: drawn from the schema alone a body is rarely valid
        // beyond it (an event's data must fit its type), and a valid body with one rule broken is the sharper test.
        JsonNode? body = operation.Example is { } example && random.Next(2) == 0 ? WithFreshIds(example.DeepClone())
            : operation.Body is { } bodySchema ? Value(Resolve(bodySchema), 0) : null;

        string? violation = null;
        if (negative)
        {
            var breakable = new List<Func<string?>>();
            foreach (var p in parameters.Where(p => p.In == "query" && Breaks(p.Schema, inQuery: true).Any()))
                breakable.Add(() =>
                {
                    var (value, what) = Pick(Breaks(p.Schema, inQuery: true));
                    values[p.Name] = Text(value, false);
                    return $"query {p.Name}: {what}";
                });
            if (operation.Body is { } schema && body is not null)
                breakable.Add(() => BreakBody(Resolve(schema), ref body));
            violation = breakable.Count == 0 ? null : breakable[random.Next(breakable.Count)]();
        }

        var path = operation.Route;
        foreach (var p in parameters.Where(p => p.In == "path")) path = path.Replace("{" + p.Name + "}", Uri.EscapeDataString(values[p.Name]!));
        var query = string.Join('&', parameters.Where(p => p.In == "query" && values[p.Name] is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(values[p.Name]!)}"));
        return new(operation, query.Length == 0 ? path : $"{path}?{query}", body?.ToJsonString() ?? (operation.Body is null ? null : "null"), violation);
    }

    /// <summary>Every <c>eventId</c> in the example made new, so each use is an event of its own rather than a retry.</summary>
    static JsonNode WithFreshIds(JsonNode node)
    {
        if (node is JsonObject obj)
            foreach (var (key, value) in obj.ToList())
                if (key == "eventId") obj[key] = $"fuzz-{Guid.NewGuid():N}";
                else if (value is not null) WithFreshIds(value);
        if (node is JsonArray array)
            foreach (var item in array.Where(i => i is not null)) WithFreshIds(item!);
        return node;
    }

    /// <summary>Breaks one rule somewhere in the body: at the top, or in one of its (nested) fields.</summary>
    string BreakBody(JsonElement schema, ref JsonNode? body)
    {
        var targets = new List<(JsonObject Parent, string Field, JsonElement Schema, bool Required, string At)>();
        Collect(schema, body, "body", targets);
        if (targets.Count == 0 || random.Next(5) == 0)
        {
            var (replacement, what) = Pick(Breaks(schema));
            body = replacement;
            return $"body: {what}";
        }
        var (parent, field, fieldSchema, required, at) = targets[random.Next(targets.Count)];
        var options = Breaks(fieldSchema).Select(b => (Value: b.Value, What: b.What, Remove: false)).ToList();
        if (required) options.Add((null, "a required field left out", true));
        if (options.Count == 0) return BreakBody(schema, ref body);
        var (value, reason, remove) = options[random.Next(options.Count)];
        if (remove) parent.Remove(field);
        else parent[field] = value?.DeepClone();
        return $"{at}.{field}: {reason}";
    }

    /// <summary>The fields of a generated body that a rule can be broken in, nested objects and array items included.</summary>
    void Collect(JsonElement schema, JsonNode? node, string at, List<(JsonObject, string, JsonElement, bool, string)> targets)
    {
        schema = Resolve(schema);
        if (node is JsonObject obj && schema.TryGetProperty("properties", out var properties))
        {
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
            foreach (var property in properties.EnumerateObject().Where(p => obj.ContainsKey(p.Name)))
            {
                var fieldSchema = Resolve(property.Value);
                if (Breaks(fieldSchema).Any() || required.Contains(property.Name))
                    targets.Add((obj, property.Name, fieldSchema, required.Contains(property.Name), at));
                Collect(fieldSchema, obj[property.Name], $"{at}.{property.Name}", targets);
            }
        }
        else if (node is JsonArray array && schema.TryGetProperty("items", out var items))
            for (var i = 0; i < array.Count; i++) Collect(items, array[i], $"{at}[{i}]", targets);
    }

    /// <summary>
    /// Values that break a schema, each with what it breaks; none for a schema that takes anything. In a query every
    /// value is text, so there only a pattern, a format, an enum or a number's range can be broken.
    /// </summary>
    IEnumerable<(JsonNode? Value, string What)> Breaks(JsonElement schema, bool inQuery = false) =>
        AllBreaks(Resolve(schema)).Where(b => !inQuery || b.Value is JsonValue v && v.TryGetValue<string>(out _)
            || b.What.StartsWith("a number outside", StringComparison.Ordinal));

    IEnumerable<(JsonNode? Value, string What)> AllBreaks(JsonElement schema)
    {
        var types = Types(schema);
        if (types.Count == 0 && !schema.TryGetProperty("enum", out _)) yield break;
        if (!Nullable(schema)) yield return (null, "null where the schema allows none");
        if (schema.TryGetProperty("enum", out var allowed))
        {
            yield return (JsonValue.Create("not-one-of-them"), "a value outside its enum");
            if (allowed.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Null)) yield return (JsonValue.Create(7), "a number for an enum of strings");
            yield break;
        }
        var pattern = schema.TryGetProperty("pattern", out _);
        if (!types.Contains("string") || pattern)
            yield return (JsonValue.Create(pattern ? "twelve" : "a string"), pattern ? "a string outside its pattern" : "a string for a " + string.Join('/', types));
        if (!types.Contains("integer") && !types.Contains("number")) yield return (JsonValue.Create(12345), "a number for a " + string.Join('/', types));
        if (!types.Contains("object")) yield return (new JsonObject { ["x"] = 1 }, "an object for a " + string.Join('/', types));
        if (!types.Contains("array") && types.Contains("object")) yield return (new JsonArray(1, 2), "an array for an object");
        if (types.Contains("integer") && Format(schema) is "int32" or "int64")
            yield return (Format(schema) == "int32" ? JsonValue.Create(2147483648L) : JsonValue.Create(9.3e18m * 10), $"a number outside {Format(schema)}");
        if (types.SetEquals(["string"]) && Format(schema) is "date-time" or "uuid")
            yield return (JsonValue.Create("not-a-" + Format(schema)), $"a string outside its {Format(schema)} format");
    }

    /// <summary>A value that conforms to the schema.</summary>
    JsonNode? Value(JsonElement schema, int depth)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("enum", out var allowed))
        {
            var choices = allowed.EnumerateArray().ToList();
            return JsonNode.Parse(choices[random.Next(choices.Count)].GetRawText());
        }
        if (Nullable(schema) && random.Next(8) == 0) return null;
        var types = Types(schema);
        var type = types.Count == 0 ? (depth > 2 ? "string" : "any") : types.Contains("integer") ? "integer" : types.ElementAt(random.Next(types.Count));
        return type switch
        {
            "integer" => Format(schema) == "int64" && random.Next(4) == 0 ? JsonValue.Create(random.NextInt64()) : JsonValue.Create(random.Next(4) == 0 ? random.Next() : random.Next(-2, 60)),
            "number" => JsonValue.Create(Math.Round(random.NextDouble() * 200 - 20, 2)),
            "boolean" => JsonValue.Create(random.Next(2) == 0),
            "string" => JsonValue.Create(Format(schema) switch
            {
                "date-time" => DateTimeOffset.UtcNow.AddMinutes(-random.Next(60 * 24 * 60)).ToString("O", CultureInfo.InvariantCulture),
                "uuid" => Guid.NewGuid().ToString(),
                _ => random.Next(3) == 0 ? $"s{random.Next(1000)}" : Words[random.Next(Words.Length)],
            }),
            "array" => new JsonArray([.. Enumerable.Range(0, depth > 3 ? 0 : random.Next(4))
                .Select(_ => schema.TryGetProperty("items", out var items) ? Value(items, depth + 1) : JsonValue.Create(random.Next()))]),
            "object" => Object(schema, depth),
            _ => random.Next(3) switch
            {
                0 => new JsonObject { [Words[random.Next(Words.Length)]] = Words[random.Next(Words.Length)], ["n"] = random.Next(10) },
                1 => JsonValue.Create(Words[random.Next(Words.Length)]),
                _ => new JsonArray(random.Next(10)),
            },
        };
    }

    JsonObject Object(JsonElement schema, int depth)
    {
        var result = new JsonObject();
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
        if (schema.TryGetProperty("properties", out var properties))
            foreach (var property in properties.EnumerateObject().Where(p => required.Contains(p.Name) || random.Next(2) == 0))
                result[property.Name] = Value(property.Value, depth + 1);
        if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object && depth < 3)
            for (var i = random.Next(3); i > 0; i--) result[$"k{random.Next(100)}"] = Value(extra, depth + 1);
        return result;
    }

    string Text(JsonNode? value, bool path) => value switch
    {
        null => path ? "x" : "",
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 && path ? "x" : s,
        _ => value.ToJsonString(),
    };

    (JsonNode? Value, string What) Pick(IEnumerable<(JsonNode? Value, string What)> options)
    {
        var list = options.ToList();
        return list[random.Next(list.Count)];
    }

    /// <summary>The schema a $ref points to; an anyOf with a single real branch (and a null one) is that branch.</summary>
    JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/').Last());
        return schema;
    }

    /// <summary>The JSON types a schema allows: its own type, or those of its anyOf/oneOf branches.</summary>
    HashSet<string> Types(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type)) return [type.GetString()!];
        var branches = schema.TryGetProperty("anyOf", out var any) ? any : schema.TryGetProperty("oneOf", out var one) ? one : default;
        return branches.ValueKind == JsonValueKind.Array
            ? branches.EnumerateArray().SelectMany(b => Types(Resolve(b))).ToHashSet()
            : [];
    }

    bool Nullable(JsonElement schema) =>
        schema.TryGetProperty("nullable", out var n) && n.GetBoolean()
        || schema.TryGetProperty("enum", out var e) && e.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null)
        || new[] { "anyOf", "oneOf" }.Any(k => schema.TryGetProperty(k, out var branches) && branches.EnumerateArray().Any(b => Nullable(Resolve(b))));

    static string? Format(JsonElement schema) => schema.TryGetProperty("format", out var f) ? f.GetString() : null;
}
