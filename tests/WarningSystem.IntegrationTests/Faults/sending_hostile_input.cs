using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using WarningSystem.IntegrationTests.Security;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// Scenario 8 (the hand-written generator): hostile input to every endpoint with every credential. Never a 5xx,
/// every refusal an RFC 7807 problem, and afterwards the store holds exactly the events that were accepted.
/// </summary>
[Collection(FaultSuite.Name)]
public class sending_hostile_input
{
    const int RequestsPerEndpointAndCredential = 12;
    const int MutatedEvents = 400;

    [Fact]
    public async Task never_answers_5xx_and_refuses_with_problem_details()
    {
        await using var database = await PgCluster.StartAsync("hostile");
        await using var service = await ServiceProcess.StartAsync(database.ConnectionString);
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var clinic = Api.NewClinic();
        var seed = Environment.TickCount;
        var credentials = new (string Name, string? Token)[]
        {
            ("integration", TestCredentials.Token(["integration"], [clinic])), ("coordinator", TestCredentials.Token(["coordinator"], [clinic])),
            ("auditor", TestCredentials.Token(["auditor"], [clinic])), ("admin", TestCredentials.Token(["admin"], [clinic])),
            ("none", null), ("garbage", "not.a.token"), ("admin of another clinic", TestCredentials.Token(["admin"], [Api.NewClinic()])),
        };
        var violations = new ConcurrentQueue<string>();
        var accepted = new ConcurrentDictionary<string, string>();   // eventId → patientId
        var statuses = new ConcurrentDictionary<int, int>();
        var requests = 0;

        var work = new List<(string Method, string Path, string? Token, int Seed)>();
        var r = new Random(seed);
        foreach (var (method, path, _) in Endpoints.All)
            foreach (var (_, token) in credentials)
                for (var i = 0; i < RequestsPerEndpointAndCredential; i++) work.Add((method, path, token, r.Next()));
        for (var i = 0; i < MutatedEvents; i++) work.Add(("POST", "/api/clinics/{clinic}/events", credentials[0].Token, r.Next()));

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            var input = new HostileInput(item.Seed);
            var rnd = new Random(item.Seed);
            var path = item.Path.Replace("{clinic}", rnd.Next(12) == 0 ? input.Id() : clinic);
            if (rnd.Next(3) == 0) path = path.Replace("/p/", $"/{input.Id()}/").Replace("alert-x", input.Id()).Replace("wh-x", input.Id());
            var query = input.Query();
            if (query.Length > 0) path += path.Contains('?') ? "&" + query[1..] : query;
            using var request = new HttpRequestMessage(new HttpMethod(item.Method), path);
            var body = item.Method is "POST" or "PUT" ? (item.Path.EndsWith("/events") ? new HostileBody("mutated event",
                System.Text.Encoding.UTF8.GetBytes(input.MutatedEvent())) : input.Body()) : null;
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body.Bytes);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(body.ContentType);
            }
            if (item.Token is not null) request.Headers.Authorization = new("Bearer", item.Token);
            Interlocked.Increment(ref requests);
            string? problem;
            int status;
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                // The live feed never ends by itself: its headers are the answer.
                if (response.Content.Headers.ContentType?.MediaType == "text/event-stream") return;
                var text = await response.Content.ReadAsStringAsync();
                problem = HostileAnswers.Judge(status, response.Content.Headers.ContentType?.MediaType, text, path);
                if (problem is null && status is 200 or 202 && item.Path.Contains("/events") && item.Method == "POST") HostileAnswers.RecordAccepted(text, accepted);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
                problem = $"no answer: {e.GetType().Name}";
            }
            if (problem is not null)
                violations.Enqueue($"{item.Method} {path} ({body?.Kind ?? "no body"}, seed {item.Seed}): {status} {problem}");
        });

        var stored = await HostileAnswers.StoredEvents(database.Unpooled, clinic);
        foreach (var patient in accepted.Values.Distinct())
            (await service.Client().GetAsync($"/api/clinics/{clinic}/patients/{Uri.EscapeDataString(patient)}/events")).IsSuccessStatusCode
                .ShouldBeTrue($"the history of {patient} cannot be read back");
        FaultScenario.Report("hostile input",
            $"{requests} requests (seed {seed}) over {Endpoints.All.Length} endpoints x {credentials.Length} credentials; answers " +
            $"{string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; {violations.Count} violations; " +
            $"{accepted.Count} events accepted, {stored} stored");

        violations.ShouldBeEmpty(string.Join("\n", violations.Take(10).Select(v => v.Length > 400 ? v[..400] : v)) + "\nservice log:\n" +
            string.Join("\n", service.Output.Where(l => l.Contains("Exception") || l.Contains("fail:")).Take(20)));
        stored.ShouldBe(accepted.Count, "the store holds exactly the accepted events, nothing a refused request carried");
    }
}
