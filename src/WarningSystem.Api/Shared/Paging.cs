namespace WarningSystem.Shared;

public static class Paging
{
    /// <summary>
    /// How many items come before the page, for LINQ's int <c>Skip</c>, computed in 64 bits (page × pageSize can pass
    /// int's range); null when the page starts past every item counted, which is then answered empty without reading
    /// (read afterwards, a growing log could hand rows written since the count to a page beyond it).
    /// </summary>
    public static int? Skip(int page, int pageSize, int total)
    {
        var skip = (long)(page - 1) * pageSize;
        return skip < total ? (int)skip : null;
    }
}
