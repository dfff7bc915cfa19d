using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>The alert filters a coordinator can set, as the alert list and the worklist apply them.</summary>
public sealed record AlertFilter(AlertStatus? Status, bool UnresolvedOnly, Severity? Severity, string? RuleId, string? PatientId)
{
    public IQueryable<Alert> Apply(IQueryable<Alert> query)
    {
        if (Status is { } s) query = query.Where(a => a.Status == s);
        else if (UnresolvedOnly) query = query.Where(a => a.Status != AlertStatus.Resolved);
        if (Severity is { } v) query = query.Where(a => a.Severity == v);
        if (RuleId is not null) query = query.Where(a => a.RuleId == RuleId);
        if (PatientId is not null) query = query.Where(a => a.PatientId == PatientId);
        return query;
    }

    /// <summary>The same filters as SQL over the alert documents, with their positional parameters.</summary>
    public (string Where, object[] Parameters) Sql(string clinicId)
    {
        var where = new List<string> { "tenant_id = ?" };
        var parameters = new List<object> { clinicId };
        void Add(string condition, object value) { where.Add(condition); parameters.Add(value); }
        if (Status is { } s) Add("data->>'status' = ?", JsonNames.Of(s));
        else if (UnresolvedOnly) Add("data->>'status' <> ?", JsonNames.Of(AlertStatus.Resolved));
        if (Severity is { } v) Add("data->>'severity' = ?", JsonNames.Of(v));
        if (RuleId is not null) Add("data->>'ruleId' = ?", RuleId);
        if (PatientId is not null) Add("data->>'patientId' = ?", PatientId);
        return (string.Join(" and ", where), parameters.ToArray());
    }
}

/// <summary>
/// The worklist: one line per patient, most severe first, then the most recently raised. Patients are ranked and
/// paged in PostgreSQL, so only the page's patients' alerts are loaded, however many alerts the clinic holds.
/// </summary>
public static class PatientWorklist
{
    sealed record Line(string PatientId, int Rank, DateTimeOffset Latest);

    public static async Task<PatientAlertPage> PageAsync(IQuerySession session, string clinicId, AlertFilter filter,
        int page, int pageSize, CancellationToken token)
    {
        var table = session.DocumentStore.Options.Schema.For<Alert>();
        var (where, parameters) = filter.Sql(clinicId);
        var rank = "case data->>'severity' " + string.Join(" ", Enum.GetValues<Severity>().Select(s => $"when '{JsonNames.Of(s)}' then {(int)s}")) + " end";

        var total = (await session.AdvancedSql.QueryAsync<int>(
            $"select count(distinct data->>'patientId')::int from {table} where {where}", token, parameters)).Single();
        var lines = await session.AdvancedSql.QueryAsync<Line>(
            $"""
            select jsonb_build_object('patientId', patient, 'rank', rank, 'latest', latest) from (
              select data->>'patientId' as patient, max({rank}) as rank, max((data->>'raisedAt')::timestamptz) as latest
              from {table} where {where} group by 1) lines
            order by rank desc, latest desc, patient collate "C" limit {pageSize} offset {(page - 1) * pageSize}
            """, token, parameters);

        var ids = lines.Select(l => l.PatientId).ToArray();
        var alerts = (await filter.Apply(session.Query<Alert>()).Where(a => ids.Contains(a.PatientId)).ToListAsync(token))
            .ToLookup(a => a.PatientId);
        var patients = lines.Select(l => new PatientAlerts(l.PatientId, (Severity)l.Rank,
            alerts[l.PatientId].OrderByDescending(a => a.RaisedAt).ToList())).ToList();
        return new PatientAlertPage(patients, page, pageSize, total);
    }
}
