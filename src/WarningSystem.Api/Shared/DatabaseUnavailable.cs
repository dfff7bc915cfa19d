using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace WarningSystem.Shared;

/// <summary>
/// A request that failed because the database cannot be reached (stopped, restarting, refusing connections, or every
/// pooled connection busy) is the service being briefly unavailable, not a fault in the request: it answers 503 with
/// Retry-After, so an EHR retries the same event later instead of treating it as rejected or as a server bug.
/// </summary>
public sealed class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken token)
    {
        if (!IsUnavailable(exception) || context.Response.HasStarted) return false;
        logger.LogWarning("Database unavailable while serving {Route}: {Error}", context.Request.Path.Value, Describe(exception));
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        var detail = $"The event store cannot be reached just now; nothing was stored by this request. Retry after {RetryAfterSeconds} seconds.";
        await Refusals.WriteAsync(context, Results.Problem(statusCode: 503, title: "Service unavailable", detail: detail), 503, detail);
        return true;
    }

    /// <summary>Whether any exception in the chain says the database is out of reach rather than refusing the request.</summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        // Connection-class errors, shutdown, "starting up", too many connections: the server, not the statement.
        PostgresException p => p.SqlState.StartsWith("08") || p.SqlState.StartsWith("57P") || p.SqlState == "53300",
        // Refused or reset connections, and a pool with no free connection, come as NpgsqlException without a SQL state.
        NpgsqlException => true,
        SocketException or TimeoutException => true,
        _ => false,
    });

    static string Describe(Exception exception) =>
        Chain(exception).Select(e => e is PostgresException p ? $"{e.GetType().Name} {p.SqlState}" : e.GetType().Name)
            .Aggregate((a, b) => $"{a} <- {b}");

    static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is not null) pending.Push(e.InnerException);
        }
    }
}
