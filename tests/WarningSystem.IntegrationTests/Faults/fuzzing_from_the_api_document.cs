using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WarningSystem.IntegrationTests.Security;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 8 (driven by the API document): requests drawn from the service's own <c>/openapi/v1.json</c>, for every
/// operation it lists, with every role, in the manner of schemathesis: conforming requests and requests that break one
/// rule of the document. Checks what schemathesis checks: never a 5xx; every answer's status documented for its
/// operation, with a documented content type; every refusal a problem document (an OperationOutcome on FHIR); every
/// request that breaks the document refused with a 4xx. Afterwards the store holds exactly the accepted events.
/// </summary>
[Collection(FaultSuite.Name)]
public class fuzzing_from_the_api_document
{
    const int CasesPerOperation = 40;

    [Fact]
    public async Task every_answer_is_documented_and_every_broken_request_refused()
    {
        await using var database = await PgCluster.StartAsync("fuzz");
        await using var service = await ServiceProcess.StartAsync(database.ConnectionString);
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        using var anonymous = await http.GetAsync("/openapi/v1.json");
        var document = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement;
        var operations = SchemaCases.Operations(document);
        // Every route the host maps is in the document (Operations/describing_the_api); each is fuzzed with the roles
        // the role matrix gives it, so an operation missing from the matrix fails here.
        operations.ShouldNotBeEmpty();

        var clinic = Api.NewClinic();
        string[] roles = ["integration", "coordinator", "auditor", "admin"];
        var seed = Environment.TickCount;
        var generator = new SchemaCases(document, seed);
        var work = new List<(SchemaCase Case, string? Token)>();
        var r = new Random(seed);
        foreach (var operation in operations)
        {
            var allowed = RolesFor(operation);
            for (var i = 0; i < CasesPerOperation; i++)
            {
                // Mostly a role the endpoint allows (so most requests reach validation), now and then any role, none or garbage.
                var token = (i % 10) switch
                {
                    8 => r.Next(3) == 0 ? null : "not.a.token",
                    9 => TestCredentials.Token([roles[r.Next(roles.Length)]], [clinic]),
                    _ => TestCredentials.Token([allowed[i % allowed.Length]], [clinic]),
                };
                work.Add((generator.Case(operation, clinic, negative: i % 2 == 1), token));
            }
        }

        var violations = new ConcurrentQueue<(string Kind, string Example)>();
        var accepted = new ConcurrentDictionary<string, string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var negativeRefused = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            var (c, token) = item;
            using var request = new HttpRequestMessage(new HttpMethod(c.Operation.Method), c.Path);
            if (c.Body is not null) request.Content = new StringContent(c.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            if (token is not null) request.Headers.Authorization = new("Bearer", token);
            string? problem;
            int status = 0;
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                // The live feed never ends by itself: its headers are the answer.
                var text = mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
                problem = Check(c, status, mediaType, text);
                if (problem is null && c.Violation is not null && status is >= 400 and < 500) Interlocked.Increment(ref negativeRefused);
                if (problem is null && status is 200 or 202 && c.Operation.Route.Contains("/events") && c.Operation.Method == "POST")
                    HostileAnswers.RecordAccepted(text, accepted);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                problem = $"no answer: {e.GetType().Name}";
            }
            if (problem is not null)
                violations.Enqueue(($"{c.Operation} {status} {problem}", $"{c.Path} ({c.Violation ?? "conforming"}; body {Cut(c.Body)})"));
        });

        var stored = await HostileAnswers.StoredEvents(database.Unpooled, clinic);
        var negative = work.Count(w => w.Case.Violation is not null);
        FaultScenario.Report("fuzzing from the API document",
            $"{work.Count} requests (seed {seed}) over {operations.Count} operations, {negative} breaking the document " +
            $"({negativeRefused} refused with a 4xx); answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; " +
            $"{violations.Count} violations; {accepted.Count} events accepted, {stored} stored");

        violations.ShouldBeEmpty(string.Join("\n", violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} × {g.Key}, e.g. {g.First().Example}")) +
            "\nservice log:\n" + string.Join("\n", service.Output.Where(l => l.Contains("Exception") || l.Contains("fail:")).Take(20)));
        // Every operation with a body has a rule to break: half of its requests broke one.
        work.Count(w => w.Case.Operation.Body is not null && w.Case.Violation is not null)
            .ShouldBe(operations.Count(o => o.Body is not null) * CasesPerOperation / 2);
        stored.ShouldBe(accepted.Count, "the store holds exactly the accepted events");
    }

    /// <summary>Null when the answer passes every check, else what it failed.</summary>
    static string? Check(SchemaCase c, int status, string? mediaType, string text)
    {
        if (HostileAnswers.Judge(status, mediaType, text, c.Path) is { } refusal) return refusal;
        if (!c.Operation.Responses.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented))
            return $"status not in the document (documented: {string.Join(", ", c.Operation.Responses.Keys)})";
        if (documented.Count > 0 && text.Length > 0 && (mediaType is null || !documented.Contains(mediaType)))
            return $"content type {mediaType ?? "none"} not in the document for {status} (documented: {string.Join(", ", documented)})";
        // A request that breaks the document must not be carried out (authorization refusing it first is a refusal too).
        // A batch answers for each of its events, so one broken event is that event's refusal in a 200.
        if (c.Violation is not null && status < 400 && !RefusedInBatch(c.Violation, status, text)) return "accepted a request that breaks the document";
        return null;
    }

    static bool RefusedInBatch(string violation, int status, string text)
    {
        if (status != 200 || System.Text.RegularExpressions.Regex.Match(violation, @"^body\.events\[(\d+)\]") is not { Success: true } item) return false;
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("results")[int.Parse(item.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]
            .GetProperty("status").GetString() == "rejected";
    }

    /// <summary>The roles the role matrix allows on an operation, matched segment by segment with its route.</summary>
    static string[] RolesFor(ApiOperation operation)
    {
        var route = operation.Route.Split('/');
        return Endpoints.All.Where(e => e.Method == operation.Method).Select(e => (Segments: e.Path.Split('?')[0].Split('/'), e.Roles))
            .FirstOrDefault(e => e.Segments.Length == route.Length && e.Segments.Zip(route).All(p => p.Second.StartsWith('{') || p.First == p.Second))
            .Roles ?? throw new InvalidOperationException($"{operation} is not in the role matrix (Security/Endpoints.cs)");
    }

    static string Cut(string? body) => body is null ? "none" : body.Length > 200 ? body[..200] + "…" : body;
}
