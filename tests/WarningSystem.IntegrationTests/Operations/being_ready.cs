using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;

namespace WarningSystem.IntegrationTests.Operations;

/// <summary>/health/ready names each check; it fails while PostgreSQL is down or a subscription is stuck, and recovers.</summary>
[Collection(ReadinessCollection.Name)]
public class being_ready(ReadinessFixture service)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task names_each_check_and_every_watched_subscription()
    {
        var ready = await WaitForReadiness(HttpStatusCode.OK);
        ready.GetProperty("status").GetString().ShouldBe("Healthy");
        Checks(ready).Keys.ShouldBe(["database", "schema", "subscriptions", "wolverine"], ignoreOrder: true);
        Checks(ready)["subscriptions"].GetProperty("data").EnumerateObject().Select(p => p.Name)
            .ShouldBe(["Detection", "FollowUps", "AlertDelivery", GatedSubscription.Name], ignoreOrder: true);
        var live = await service.Anonymous.GetAsync("/health/live");
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task is_unready_while_postgres_is_down_and_ready_again_once_it_is_back()
    {
        await WaitForReadiness(HttpStatusCode.OK);
        await service.Cluster.StopAsync();
        try
        {
            var down = await WaitForReadiness(HttpStatusCode.ServiceUnavailable);
            Checks(down)["database"].GetProperty("status").GetString().ShouldBe("Unhealthy");
            (await service.Anonymous.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await service.Cluster.StartAsync();
        }
        var up = await WaitForReadiness(HttpStatusCode.OK);
        Checks(up)["database"].GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task is_unready_while_a_subscription_is_stalled_and_ready_again_once_it_moves()
    {
        await WaitForReadiness(HttpStatusCode.OK);
        service.Gate.Close();
        try
        {
            var clinic = Api.NewClinic();
            (await service.Client.PostEvent(clinic, Api.Event("p", "CravingReported", new { intensity = 2 }))).EnsureSuccessStatusCode();

            var stalled = await WaitForReadiness(HttpStatusCode.ServiceUnavailable);
            var subscriptions = Checks(stalled)["subscriptions"];
            subscriptions.GetProperty("status").GetString().ShouldBe("Unhealthy");
            subscriptions.GetProperty("description").GetString()!.ShouldContain(GatedSubscription.Name);
            var gated = subscriptions.GetProperty("data").GetProperty(GatedSubscription.Name);
            gated.GetProperty("status").GetString().ShouldBe("stalled");
            gated.GetProperty("behind").GetInt64().ShouldBeGreaterThan(0);
            subscriptions.GetProperty("data").GetProperty("Detection").GetProperty("status").GetString().ShouldNotBe("stalled");
        }
        finally
        {
            service.Gate.Open();
        }
        await WaitForReadiness(HttpStatusCode.OK);
    }

    [Fact]
    public async Task is_unready_while_the_nodes_heartbeat_is_stale_and_ready_again_at_the_next_one()
    {
        await WaitForReadiness(HttpStatusCode.OK);
        var runtime = service.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>();

        // As if this node had stopped beating: the other nodes would now take its agents.
        await runtime.Storage.Nodes.OverwriteHealthCheckTimeAsync(runtime.Options.UniqueNodeId, DateTimeOffset.UtcNow.AddMinutes(-5));

        var stale = await WaitForReadiness(HttpStatusCode.ServiceUnavailable);
        Checks(stale)["wolverine"].GetProperty("status").GetString().ShouldBe("Unhealthy");
        var fresh = await WaitForReadiness(HttpStatusCode.OK);
        Checks(fresh)["wolverine"].GetProperty("status").GetString().ShouldBe("Healthy");
    }

    /// <summary>Polls the probe until it answers <paramref name="expected"/>, and returns that answer's body.</summary>
    async Task<JsonElement> WaitForReadiness(HttpStatusCode expected)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var response = await service.Anonymous.GetAsync("/health/ready");
            if (response.StatusCode == expected)
            {
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
                return await response.Body();
            }
            if (DateTimeOffset.UtcNow > deadline)
                throw new ShouldAssertException($"/health/ready stayed {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    static Dictionary<string, JsonElement> Checks(JsonElement report) =>
        report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
}
