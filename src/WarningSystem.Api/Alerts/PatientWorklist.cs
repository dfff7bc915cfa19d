using WarningSystem.Detection;

namespace WarningSystem.Alerts;

/// <summary>The alert filters a coordinator can set, as the alert list and the worklist apply them.</summary>
public sealed record AlertFilter(AlertStatus? Status, bool UnresolvedOnly, Severity? Severity, string? RuleId, string? PatientId)
{
    /// <summary>The filters as SQL over the alert documents, with their positional parameters.</summary>
    public (string Where, object[] Parameters) Sql(string clinicId)
    {
        var where = new List<string> { "tenant_id = ?" };
        var parameters = new List<object> { clinicId };
        void Add(string condition, object value) { where.Add(condition); parameters.Add(value); }
        if (Status is { } s) Add($"{AlertDocuments.StatusColumn} = ?", JsonNames.Of(s));
        else if (UnresolvedOnly) Add($"{AlertDocuments.StatusColumn} <> ?", JsonNames.Of(AlertStatus.Resolved));
        if (Severity is { } v) Add("data->>'severity' = ?", JsonNames.Of(v));
        if (RuleId is not null) Add("rule_id = ?", RuleId);
        if (PatientId is not null) Add("patient_id = ?", PatientId);
        return (string.Join(" and ", where), parameters.ToArray());
    }
}

/// <summary>
/// The worklist: one line per patient, most severe first, then the most recently raised. The usual worklist (every
/// unresolved alert) is read from the per-patient summary PostgreSQL keeps with each alert write; a filtered one
/// ranks the matching alerts' patients in PostgreSQL. Either way only the page's patients' alerts are loaded.
/// </summary>
public static class PatientWorklist
{
    sealed record Line(string PatientId, int Rank, DateTimeOffset Latest);

    public static async Task<IResult> PageAsync(IQuerySession session, string clinicId, AlertFilter filter,
        int page, int pageSize, CancellationToken token)
    {
        var (total, lines) = filter == Unresolved
            ? await SummarisedAsync(session, clinicId, page, pageSize, token)
            : await RankedAsync(session, clinicId, filter, page, pageSize, token);

        var (where, parameters) = filter.Sql(clinicId);
        var alerts = lines.Count == 0 ? [] : await AlertDocuments.ReadAsync(session, where + " and patient_id = any(?)",
            [.. parameters, lines.Select(l => l.PatientId).ToArray()], "", token);
        var byPatient = alerts.ToLookup(a => a.PatientId);
        return AlertDocuments.Worklist(
            lines.Select(l => (l.PatientId, (Severity)l.Rank, (IReadOnlyList<StoredAlert>)byPatient[l.PatientId].ToList())).ToList(),
            page, pageSize, total);
    }

    static readonly AlertFilter Unresolved = new(null, UnresolvedOnly: true, null, null, null);

    /// <summary>How many of the clinic's patients have an alert not yet resolved, counted from the per-patient summary.</summary>
    public static async Task<int> PatientsWithUnresolvedAsync(IQuerySession session, string clinicId, CancellationToken token) =>
        (await session.AdvancedSql.QueryAsync<int>(
            $"select count(*)::int from {AlertReadModels.Name(session, AlertReadModels.Patients)} where tenant_id = ? and alerts > 0",
            token, clinicId)).Single();

    static async Task<(int, IReadOnlyList<Line>)> SummarisedAsync(IQuerySession session, string clinicId, int page, int pageSize,
        CancellationToken token)
    {
        var table = AlertReadModels.Name(session, AlertReadModels.Patients);
        var total = await PatientsWithUnresolvedAsync(session, clinicId, token);
        var lines = await session.AdvancedSql.QueryAsync<Line>(
            $"""
            select jsonb_build_object('patientId', patient_id, 'rank', rank, 'latest', latest) from {table}
            where tenant_id = ? and alerts > 0
            order by rank desc, latest desc, patient_id collate "C" limit {pageSize} offset {(long)(page - 1) * pageSize}
            """, token, clinicId);
        return (total, lines);
    }

    static async Task<(int, IReadOnlyList<Line>)> RankedAsync(IQuerySession session, string clinicId, AlertFilter filter,
        int page, int pageSize, CancellationToken token)
    {
        var table = session.DocumentStore.Options.Schema.For<Alert>();
        var (where, parameters) = filter.Sql(clinicId);
        var rank = AlertReadModelsSql.SeverityRank("data->>'severity'");
        var total = (await session.AdvancedSql.QueryAsync<int>(
            $"select count(distinct data->>'patientId')::int from {table} where {where}", token, parameters)).Single();
        var lines = await session.AdvancedSql.QueryAsync<Line>(
            $"""
            select jsonb_build_object('patientId', patient, 'rank', rank, 'latest', latest) from (
              select data->>'patientId' as patient, max({rank}) as rank, max((data->>'raisedAt')::timestamptz) as latest
              from {table} where {where} group by 1) lines
            order by rank desc, latest desc, patient collate "C" limit {pageSize} offset {(long)(page - 1) * pageSize}
            """, token, parameters);
        return (total, lines);
    }
}
