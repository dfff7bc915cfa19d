using System.Text;
using System.Text.Json.Nodes;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>One hostile request body: raw bytes (they need not be UTF-8, nor JSON) and the content type it claims.</summary>
public sealed record HostileBody(string Kind, byte[] Bytes, string ContentType = "application/json");

/// <summary>
/// A generator of hostile input, seeded so a failure can be replayed: random JSON, valid events with fields of the
/// wrong type or out of range, huge strings, deep nesting, invalid UTF-8, duplicate keys, numbers no type can hold,
/// broken JSON, wrong content types, and hostile route ids and query values.
/// </summary>
public sealed class HostileInput(int seed)
{
    readonly Random random = new(seed);

    static readonly string[] RawValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "99999999999999999999999999999999", "-0", "1E-400",
        "\"\"", "\" \"", "[]", "{}", "[null]", "{\"a\":{}}", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\u202e\u0645\"",
        "\"2026-02-30T25:61:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59+14:00\"", "\"NaN\"", "\"Infinity\"",
        "\"<script>alert(1)</script>\"", "\"'; drop table warnings.mt_events; --\"", "\"../../etc/passwd\"", "\"%00\"",
    ];

    static readonly string[] EventTypes =
    [
        "TreatmentPlanPrescribed", "RiskScreeningRecorded", "SessionAttended", "DoseGiven", "CravingReported", "OffScheduleRequest",
        "MissedFollowUp", "WithdrawalSymptomsReported", "DoseIncreaseAuthorized", "FollowUpScheduled", "FollowUpCancelled", "EventVoided",
    ];

    /// <summary>A body for any endpoint: mostly a mutated valid event, sometimes something else entirely.</summary>
    public HostileBody Body() => random.Next(12) switch
    {
        0 => Json("random JSON", RandomJson(random.Next(1, 6))),
        1 => Json("huge string", $"{{\"eventId\":\"{new string('x', random.Next(2) == 0 ? 70_000 : 300)}\",\"data\":{{}}}}"),
        2 => Json("deep nesting", new string('[', 5000) + new string(']', 5000)),
        3 => new("invalid UTF-8", [.. Encoding.UTF8.GetBytes("{\"eventId\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\",\"type\":\"CravingReported\"}")]),
        4 => Json("duplicate keys", "{\"eventId\":\"a\",\"eventId\":\"b\"," + ValidEvent().ToJsonString()[1..]),
        5 => Json("broken JSON", ValidEvent().ToJsonString()[..random.Next(1, 40)]),
        6 => new("wrong content type", Encoding.UTF8.GetBytes(ValidEvent().ToJsonString()), random.Next(2) == 0 ? "text/plain" : "application/xml"),
        7 => Json("empty", ""),
        8 => Json("batch of hostile events", $"{{\"events\":[{string.Join(',', Enumerable.Range(0, random.Next(1, 5)).Select(_ => MutatedEvent()))}]}}"),
        _ => Json("mutated event", MutatedEvent()),
    };

    /// <summary>A valid event with one to three of its fields (envelope or data) replaced by a hostile value.</summary>
    public string MutatedEvent()
    {
        var e = ValidEvent();
        var raw = new List<string>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var target = random.Next(2) == 0 ? e : e["data"] as JsonObject ?? e;
            var keys = target.Select(p => p.Key).ToList();
            var key = keys.Count == 0 || random.Next(5) == 0 ? $"extra{random.Next(100)}" : keys[random.Next(keys.Count)];
            if (random.Next(8) == 0) { target.Remove(key); continue; }
            target[key] = $"__RAW{raw.Count}__";
            raw.Add(RawValues[random.Next(RawValues.Length)]);
        }
        var text = e.ToJsonString();
        for (var i = 0; i < raw.Count; i++) text = text.Replace($"\"__RAW{i}__\"", raw[i]);
        return text;
    }

    public JsonObject ValidEvent()
    {
        var patient = $"pt-{random.Next(1000)}";
        var at = DateTimeOffset.UtcNow.AddDays(-random.Next(1, 20));
        var type = EventTypes[random.Next(EventTypes.Length)];
        object data = type switch
        {
            "TreatmentPlanPrescribed" => new { drug = "ketamine", route = "IV", doseMgPerKg = 0.5, maxSessionsPerWeek = 2, prescriber = "dr" },
            "RiskScreeningRecorded" => new { instrument = "KSET", score = 3, substanceUseHistory = false, familyHistory = false, recreationalUse = false },
            "SessionAttended" => new { sessionId = "s-1", scheduled = true },
            "DoseGiven" => new { sessionId = "s-1", drug = "ketamine", route = "IV", doseMg = 35, weightKg = 70 },
            "OffScheduleRequest" => new { kind = "extra-session", channel = "phone" },
            "MissedFollowUp" => new { appointmentId = "a-1", scheduledFor = at.ToString("O") },
            "WithdrawalSymptomsReported" => new { symptoms = new[] { "anxiety" }, severity = "mild" },
            "DoseIncreaseAuthorized" => new { newDoseMg = 40, authorizedBy = "dr" },
            "FollowUpScheduled" => new { appointmentId = "a-1", scheduledFor = at.ToString("O") },
            "FollowUpCancelled" => new { appointmentId = "a-1", reason = "moved" },
            "EventVoided" => new { voidedEventId = "evt-1", reason = "entered in error" },
            _ => new { intensity = 3 },
        };
        return Api.Event(patient, type, data, at);
    }

    /// <summary>A route id or query value an attacker or a broken client might send, already escaped for a URL.</summary>
    public string Id() => Uri.EscapeDataString(random.Next(9) switch
    {
        0 => new string('a', random.Next(101, 3000)),
        1 => "../../etc/passwd",
        2 => "\u0000\u0001",
        3 => "'; drop table x; --",
        4 => "\u202e\u0645\ud83d\ude00",
        5 => "-1",
        6 => "99999999999999999999999",
        7 => "",
        _ => $"id-{random.Next(100)}",
    });

    public string Query() => random.Next(8) switch
    {
        0 => $"?page={Id()}&pageSize={Id()}",
        1 => $"?asOf={Id()}&asOfVersion={Id()}",
        2 => $"?from={Id()}&to={Id()}&timeField={Id()}",
        3 => $"?status={Id()}&severity={Id()}&groupBy={Id()}",
        4 => $"?lastEventId={Id()}",
        5 => "?page=0&pageSize=-5",
        6 => "?pageSize=2147483648&page=2147483647",
        _ => "",
    };

    static HostileBody Json(string kind, string text) => new(kind, Encoding.UTF8.GetBytes(text));

    string RandomJson(int depth) => depth <= 0 || random.Next(3) == 0
        ? RawValues[random.Next(RawValues.Length)]
        : random.Next(2) == 0
            ? "[" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(depth - 1))) + "]"
            : "{" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(i => $"\"k{random.Next(5)}\":{RandomJson(depth - 1)}")) + "}";
}
