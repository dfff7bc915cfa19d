using System.Net;

namespace WarningSystem.Benchmarks.Tiers;

/// <summary>T2 and T2b: the service's HTTP ingest with an integration key, the load events of <see cref="Bodies"/>.</summary>
public static class ServiceIngest
{
    /// <summary>T2: POST /events, one event per request, closed loop.</summary>
    public static Task<LoadResult> Single(Bench bench, int inFlight, TimeSpan duration) =>
        Load.Closed(inFlight, duration, _ => PostOne(bench));

    /// <summary>T2 at a fixed arrival rate (open loop): the latency the service gives below its limit.</summary>
    public static Task<LoadResult> Paced(Bench bench, double rate, TimeSpan duration) =>
        Load.Open(rate, duration, _ => PostOne(bench));

    /// <summary>T2b: POST /events/batch with 100 events per request; counts the events the service accepted.</summary>
    public static Task<LoadResult> Batch(Bench bench, int inFlight, TimeSpan duration) =>
        Load.Closed(inFlight, duration, _ => bench.Api.PostBatch(Bodies.Batch(bench.Config.Run, bench.NextEvents(100), 100)));

    static async Task<int> PostOne(Bench bench) =>
        await bench.Api.PostEvent(Bodies.Event(bench.Config.Run, bench.NextEvent())) == HttpStatusCode.Accepted ? 1 : 0;
}
