namespace WarningSystem.Alerts;

/// <summary>
/// A clinic's alerts counted by PostgreSQL in one pass over the alert documents, so the metrics cost the same
/// whether the clinic has a hundred alerts or a hundred thousand: none is loaded into memory.
/// </summary>
public sealed record AlertTallies(
    int Total, Dictionary<string, int> ByStatus, AlertTallies.Spread Acknowledge, AlertTallies.Spread Resolve, int Escalated,
    IReadOnlyList<AlertTallies.Rule> Rules)
{
    /// <summary>Minutes from detection: how many, the median and the 90th percentile (nearest rank: an observed value).</summary>
    public sealed record Spread(int Count, double? Median, double? P90);

    public sealed record Rule(string RuleId, int Raised, int Resolved, Dictionary<string, int> Resolutions, int CardsAccepted, int CardsOverridden);

    public static async Task<AlertTallies> CountAsync(IQuerySession session, string clinicId, CancellationToken token)
    {
        var table = session.DocumentStore.Options.Schema.For<Alert>();
        var sql = $$"""
            with a as (
              select data->>'status' as status, data->>'ruleId' as rule, data->>'resolution' as resolution,
                     coalesce((data->>'escalationLevel')::int, 0) as level,
                     coalesce((data->>'cardsAccepted')::int, 0) as accepted, coalesce((data->>'cardsOverridden')::int, 0) as overridden,
                     extract(epoch from (data->>'acknowledgedAt')::timestamptz - (data->>'detectedAt')::timestamptz) / 60 as ack,
                     extract(epoch from (data->>'resolvedAt')::timestamptz - (data->>'detectedAt')::timestamptz) / 60 as res
              from {{table}} where tenant_id = ?)
            select jsonb_build_object(
              'total', (select count(*) from a),
              'byStatus', (select coalesce(jsonb_object_agg(status, n), '{}'::jsonb) from (select status, count(*) as n from a group by status) s),
              'acknowledge', (select jsonb_build_object('count', count(ack), 'median', percentile_disc(0.5) within group (order by ack),
                                                        'p90', percentile_disc(0.9) within group (order by ack)) from a),
              'resolve', (select jsonb_build_object('count', count(res), 'median', percentile_disc(0.5) within group (order by res),
                                                    'p90', percentile_disc(0.9) within group (order by res)) from a),
              'escalated', (select count(*) from a where level > 0),
              'rules', (select coalesce(jsonb_agg(jsonb_build_object('ruleId', rule, 'raised', raised, 'resolved', resolved,
                                                                     'resolutions', resolutions, 'cardsAccepted', accepted,
                                                                     'cardsOverridden', overridden)), '[]'::jsonb)
                        from (select rule, sum(n) as raised, coalesce(sum(n) filter (where resolution is not null), 0) as resolved,
                                     coalesce(jsonb_object_agg(resolution, n) filter (where resolution is not null), '{}'::jsonb) as resolutions,
                                     sum(accepted) as accepted, sum(overridden) as overridden
                              from (select rule, resolution, count(*) as n, sum(accepted) as accepted, sum(overridden) as overridden
                                    from a group by rule, resolution) g
                              group by rule) r))
            """;
        return (await session.AdvancedSql.QueryAsync<AlertTallies>(sql, token, clinicId)).Single();
    }
}
