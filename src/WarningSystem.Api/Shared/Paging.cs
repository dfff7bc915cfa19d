namespace WarningSystem.Shared;

public static class Paging
{
    /// <summary>
    /// How many items come before the page, for LINQ's int <c>Skip</c>: computed in 64 bits (page × pageSize can pass
    /// int's range) and no more than the total, so a page past every item is simply empty.
    /// </summary>
    public static int Skip(int page, int pageSize, int total) => (int)Math.Min((long)(page - 1) * pageSize, total);
}
