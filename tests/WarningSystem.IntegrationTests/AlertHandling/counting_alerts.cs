using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using WarningSystem.Alerts;
using WarningSystem.Detection;

namespace WarningSystem.IntegrationTests.AlertHandling;

[Collection(ServiceCollection.Name)]
public class counting_alerts(ServiceFixture service)
{
    static readonly DateTimeOffset T = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task totals_follow_every_write_and_match_the_alerts_each_filter_lists()
    {
        var clinic = Api.NewClinic();
        var store = service.Services.GetRequiredService<IDocumentStore>();
        Alert Raised(int n, string patient, string rule, Severity severity) => new()
        {
            Id = Api.NewId("alert"), ClinicId = clinic, PatientId = patient, RuleId = rule, Severity = severity,
            Status = AlertStatus.Open, RaisedAt = T.AddMinutes(n), DetectedAt = T.AddMinutes(n),
        };
        Alert[] alerts =
        [
            Raised(1, "a", "withdrawal-signs", Severity.High), Raised(2, "a", "craving-outside-session", Severity.Medium),
            Raised(3, "b", "withdrawal-signs", Severity.Critical), Raised(4, "c", "withdrawal-signs", Severity.Medium),
        ];
        await using (var session = store.LightweightSession(clinic))
        {
            session.Store(alerts);
            await session.SaveChangesAsync();
        }
        // A later write of the same alert moves its counts: b's critical alert is resolved.
        await using (var session = store.LightweightSession(clinic))
        {
            session.Store(alerts[2] with { Status = AlertStatus.Resolved, ResolvedAt = T.AddHours(1), Resolution = Resolution.Referred });
            await session.SaveChangesAsync();
        }

        foreach (var (query, expected) in new[]
        {
            ("", 4), ("status=open", 3), ("status=resolved", 1), ("severity=medium", 2), ("ruleId=withdrawal-signs", 3),
            ("status=open&ruleId=withdrawal-signs&severity=high", 1), ("patientId=a", 2),
        })
        {
            var page = await List(clinic, query);
            page.GetProperty("total").GetInt32().ShouldBe(expected, query);
            page.GetProperty("items").GetArrayLength().ShouldBe(expected, query);
        }
        var newest = (await List(clinic, "")).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("alertId").GetString());
        newest.ShouldBe(alerts.Reverse().Select(a => a.Id));

        // The worklist: b has nothing unresolved left; a's high alert ranks it above c's medium one.
        var worklist = await List(clinic, "groupBy=patient");
        worklist.GetProperty("total").GetInt32().ShouldBe(2);
        var lines = worklist.GetProperty("patients").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("patientId").GetString()).ShouldBe(["a", "c"]);
        lines[0].GetProperty("highestSeverity").GetString().ShouldBe("high");
        lines[0].GetProperty("alerts").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task a_page_far_past_the_end_is_empty_not_an_error()
    {
        var clinic = Api.NewClinic();

        foreach (var query in new[] { "page=2147483647&pageSize=200", "groupBy=patient&page=2147483647&pageSize=200" })
        {
            var response = await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
            (await response.Body()).GetProperty("total").GetInt32().ShouldBe(0, query);
        }
    }

    async Task<JsonElement> List(string clinic, string query)
    {
        var response = await service.Client.GetAsync($"/api/clinics/{clinic}/alerts?pageSize=200&{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Body();
    }
}
