namespace WarningSystem.Audit;

/// <summary>
/// Successful reads of a clinic's patient data, newest first, filtered by credential, patient, route and time and
/// paged. Reading this log is itself a read of it, and is logged.
/// </summary>
public static class GetReadAccessLogEndpoint
{
    public const int MaxPageSize = 500;

    [Authorize(Policy = Policies.Audit)]
    [WolverineGet("/api/clinics/{clinicId}/access-log/reads")]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken token, string? who = null,
        string? patientId = null, string? route = null, string? from = null, string? to = null, int page = 1, int pageSize = 100)
    {
        var errors = new List<(string, string)>();
        DateTimeOffset fromAt = default, toAt = default;
        if (from is not null && !Ingest.Timestamp.TryParse(from, out fromAt)) errors.Add(("from", "must be an ISO-8601 timestamp with a time zone"));
        if (to is not null && !Ingest.Timestamp.TryParse(to, out toAt)) errors.Add(("to", "must be an ISO-8601 timestamp with a time zone"));
        if (page < 1) errors.Add(("page", "must be 1 or more"));
        if (pageSize is < 1 or > MaxPageSize) errors.Add(("pageSize", $"must be between 1 and {MaxPageSize}"));
        if (errors.Count > 0) return Problems.Validation(errors);

        IQueryable<ReadAccess> query = session.Query<ReadAccess>();
        if (who is not null) query = query.Where(r => r.Who == who);
        if (patientId is not null) query = query.Where(r => r.PatientId == patientId);
        if (route is not null) query = query.Where(r => r.Route == route);
        if (from is not null) query = query.Where(r => r.At >= fromAt);
        if (to is not null) query = query.Where(r => r.At < toAt);
        var total = await query.CountAsync(token);
        IReadOnlyList<ReadAccess> items = Paging.Skip(page, pageSize, total) is { } skip
            ? await query.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip(skip).Take(pageSize).ToListAsync(token)
            : [];
        return Results.Ok(new ReadAccessPage(items, page, pageSize, total));
    }
}

public sealed record ReadAccessPage(IReadOnlyList<ReadAccess> Items, int Page, int PageSize, int Total);
