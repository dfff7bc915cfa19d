namespace WarningSystem.Alerts;

/// <summary>
/// A clinic's alerts counted, read from the counters PostgreSQL keeps with every alert write (see
/// <see cref="AlertReadModels"/>), so the metrics cost the same whether the clinic has a hundred alerts or a hundred
/// thousand: no alert is read.
/// </summary>
public sealed record AlertTallies(
    int Total, Dictionary<string, int> ByStatus, AlertTallies.Spread Acknowledge, AlertTallies.Spread Resolve, int Escalated,
    IReadOnlyList<AlertTallies.Rule> Rules)
{
    /// <summary>
    /// Minutes from detection: how many, the median and the 90th percentile (nearest rank over the durations, each
    /// counted to the tenth of a minute).
    /// </summary>
    public sealed record Spread(int Count, double? Median, double? P90);

    public sealed record Rule(string RuleId, int Raised, int Resolved, Dictionary<string, int> Resolutions, int CardsAccepted, int CardsOverridden);

    /// <summary>One counter of <see cref="AlertReadModels.Tally"/>.</summary>
    public sealed record Counter(string RuleId, string Status, string Resolution, bool Escalated, int Alerts, int CardsAccepted, int CardsOverridden);

    public static async Task<AlertTallies> CountAsync(IQuerySession session, string clinicId, CancellationToken token)
    {
        var counters = await session.AdvancedSql.QueryAsync<Counter>($"""
            select jsonb_build_object('ruleId', rule_id, 'status', status, 'resolution', resolution, 'escalated', escalated,
                                      'alerts', alerts, 'cardsAccepted', cards_accepted, 'cardsOverridden', cards_overridden)
            from {AlertReadModels.Name(session, AlertReadModels.Tally)}
            where tenant_id = ? and (alerts <> 0 or cards_accepted <> 0 or cards_overridden <> 0)
            """, token, clinicId);
        var (acknowledge, resolve) = await MinuteSpreads.ReadAsync(session, clinicId, token);
        return From(counters, acknowledge, resolve);
    }

    /// <summary>The tallies from the counters. Pure.</summary>
    public static AlertTallies From(IReadOnlyList<Counter> counters, Spread acknowledge, Spread resolve) => new(
        counters.Sum(c => c.Alerts),
        counters.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Sum(c => c.Alerts)),
        acknowledge, resolve,
        counters.Where(c => c.Escalated).Sum(c => c.Alerts),
        counters.GroupBy(c => c.RuleId).Select(g => new Rule(g.Key, g.Sum(c => c.Alerts),
                g.Where(c => c.Resolution != "").Sum(c => c.Alerts),
                g.Where(c => c.Resolution != "").GroupBy(c => c.Resolution).ToDictionary(r => r.Key, r => r.Sum(c => c.Alerts)),
                g.Sum(c => c.CardsAccepted), g.Sum(c => c.CardsOverridden)))
            .ToList());

    /// <summary>
    /// How many of the clinic's alerts a list filter matches, from the counters: every filter but the patient's is
    /// one of their keys. <paramref name="extra"/> is a further condition over the counters' own columns (the FHIR
    /// status, which derives from status and resolution).
    /// </summary>
    public static async Task<int> MatchingAsync(IQuerySession session, string clinicId, AlertFilter filter, CancellationToken token,
        string? extra = null)
    {
        var where = new List<string> { "tenant_id = ?" };
        var parameters = new List<object> { clinicId };
        void Add(string condition, object value) { where.Add(condition); parameters.Add(value); }
        if (filter.Status is { } s) Add("status = ?", JsonNames.Of(s));
        else if (filter.UnresolvedOnly) Add("status <> ?", JsonNames.Of(AlertStatus.Resolved));
        if (filter.Severity is { } v) Add("severity = ?", JsonNames.Of(v));
        if (filter.RuleId is not null) Add("rule_id = ?", filter.RuleId);
        if (extra is not null) where.Add(extra);
        return (await session.AdvancedSql.QueryAsync<int>(
            $"select coalesce(sum(alerts), 0)::int from {AlertReadModels.Name(session, AlertReadModels.Tally)} where {string.Join(" and ", where)}",
            token, parameters.ToArray())).Single();
    }
}
