using Npgsql;
using WarningSystem.Ingest;

namespace WarningSystem.Audit;

/// <summary>Which of a patient's events an auditor asked for: a type, a time range on one of the two clocks, a page.</summary>
public sealed record HistoryQuery(string? Type, DateTimeOffset? From, DateTimeOffset? To, bool ByRecordTime, int? Page, int PageSize)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>No filter and no paging: the whole stream, answered exactly as before filters existed.</summary>
    public bool IsEverything => Type is null && From is null && To is null && Page is null;

    /// <summary>Parses the query string, naming every bad parameter. Pure.</summary>
    public static (HistoryQuery? Query, List<(string Field, string Error)> Errors) Parse(
        string? type, string? from, string? to, string? timeField, int? page, int? pageSize)
    {
        var errors = new List<(string, string)>();
        if (type is not null && !EventCatalog.Types.ContainsKey(type))
            errors.Add(("type", $"must be one of: {string.Join(", ", EventCatalog.Types.Keys)}"));
        var fromAt = Time(from, "from", errors);
        var toAt = Time(to, "to", errors);
        if (fromAt > toAt) errors.Add(("to", "must not be before from"));
        if (timeField is not (null or "occurredAt" or "recordedAt"))
            errors.Add(("timeField", "must be occurredAt (event time, the default) or recordedAt (record time)"));
        if (page < 1) errors.Add(("page", "must be 1 or more"));
        if (pageSize is < 1 or > MaxPageSize) errors.Add(("pageSize", $"must be between 1 and {MaxPageSize}"));
        return errors.Count > 0
            ? (null, errors)
            : (new(type, fromAt, toAt, timeField == "recordedAt", page ?? (pageSize is null ? null : 1), pageSize ?? DefaultPageSize), errors);
    }

    static DateTimeOffset? Time(string? text, string field, List<(string, string)> errors)
    {
        if (text is null) return null;
        if (Timestamp.TryParse(text, out var at)) return at;
        errors.Add((field, "must be an ISO-8601 timestamp with a time zone, like 2026-11-20T10:00:00Z"));
        return null;
    }

    /// <summary>
    /// The SQL filter on Marten's event table. Event time lives in a header, so it is read from the headers column;
    /// record time is Marten's own timestamp. Bounds are inclusive of from and exclusive of to.
    /// </summary>
    public (string Where, NpgsqlParameter[] Parameters) Filter(string clinicId, string patientId, string? typeAlias)
    {
        var where = "tenant_id = @clinic and stream_id = @patient";
        var parameters = new List<NpgsqlParameter> { new("clinic", clinicId), new("patient", patientId) };
        if (typeAlias is not null)
        {
            where += " and type = @type";
            parameters.Add(new("type", typeAlias));
        }
        var clock = ByRecordTime ? "timestamp" : $"(headers ->> '{EventHeaders.OccurredAt}')::timestamptz";
        if (From is { } from)
        {
            where += $" and {clock} >= @from";
            parameters.Add(new("from", from.ToUniversalTime()));
        }
        if (To is { } to)
        {
            where += $" and {clock} < @to";
            parameters.Add(new("to", to.ToUniversalTime()));
        }
        return (where, parameters.ToArray());
    }
}
