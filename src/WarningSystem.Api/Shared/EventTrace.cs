using System.Diagnostics;
using System.Text.Json;
using JasperFx.Events;

namespace WarningSystem.Shared;

/// <summary>
/// Carries a trace across the places where the work leaves one call chain: the group commit, and the async daemon
/// that reads events later. The W3C <c>traceparent</c> of the activity that caused an event is kept as a Marten
/// event header; whoever reads the event continues that trace. Wolverine carries it on through its envelopes.
/// </summary>
public static class EventTrace
{
    public const string Header = "traceparent";

    /// <summary>The current activity's W3C id, or null when nothing is traced.</summary>
    public static string? Current => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    public static void Stamp(IEvent e, string? traceParent)
    {
        if (traceParent is not null) e.SetHeader(Header, traceParent);
    }

    /// <summary>Every event the session appends from here on carries the current trace.</summary>
    public static void StampSession(IDocumentSession session)
    {
        if (Current is { } traceParent) session.SetHeader(Header, traceParent);
    }

    /// <summary>A span continuing the trace of the activity that stored <paramref name="e"/>, or a new trace.</summary>
    public static Activity? StartFrom(IEvent e, string name)
    {
        var parent = e.Headers?.GetValueOrDefault(Header) switch
        {
            JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
            string text => text,
            _ => null,
        };
        var activity = parent is not null && ActivityContext.TryParse(parent, null, out var context)
            ? TelemetrySetup.Source.StartActivity(name, ActivityKind.Consumer, context)
            : TelemetrySetup.Source.StartActivity(name, ActivityKind.Consumer);
        activity?.SetTag("warningsystem.event.sequence", e.Sequence);
        activity?.SetTag("warningsystem.event.type", e.EventTypeName);
        return activity;
    }
}
